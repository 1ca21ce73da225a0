"""Lägesbild's SQL judges last week as the weekly report's Python does: the same z, usual range, p-value
and flag for every row, on ClickHouse."""

from __future__ import annotations

import numpy as np
import pytest

from embrace.statistics.calibration import counts
from embrace.statistics.flags import flags, judge
from embrace.statistics.sql import flagged, judged
from embrace.warehouse import Warehouse


def test_the_sql_twin_flags_the_same_rows_with_the_same_numbers(warehouse: Warehouse) -> None:
    rng = np.random.default_rng(12)
    series = {}
    for n in range(60):
        mean, dispersion = float(np.exp(rng.uniform(np.log(0.3), np.log(40)))), float(rng.uniform(1, 4))
        weeks = counts(rng, np.full(13, mean), dispersion)
        weeks[-1] += int(rng.integers(0, 3)) * int(mean)  # some rows rise
        series[f"k{n:02d}"] = [int(w) for w in weeks]
    values = ", ".join(
        f"('{k}', {w[-1]}, {sum(w[:-1])}, {sum(x * x for x in w[:-1])})" for k, w in series.items()
    )
    shape = "key String, this_week UInt64, total UInt64, squares UInt64"
    rows = f"SELECT key, this_week, total, squares FROM VALUES('{shape}', {values})"
    marked = flagged(f"SELECT *, {judged(12)} FROM ({rows})", "key")
    sql = f"SELECT key, z, p, usual_low, usual_high, flag FROM ({marked}) ORDER BY key"
    found = warehouse.query(sql)
    python = {k: judge(w[-1], w[:-1]) for k, w in series.items()}
    marks = dict(zip(python, flags(list(python.values())), strict=True))
    assert [r[0] for r in found] == sorted(series)
    for key, z, p, low, high, flag in found:
        mine = python[key]
        assert (z, p) == (pytest.approx(mine.z, abs=1e-9), pytest.approx(mine.p, rel=1e-9, abs=1e-12)), key
        assert ((low, high), flag) == (mine.usual, marks[key]), key
    assert {"notable", "watch"} & set(marks.values())  # the comparison covers flagged rows too


def test_a_row_of_fewer_weeks_before_is_judged_as_the_report_judges_it_and_one_of_none_not_at_all(
    warehouse: Warehouse,
) -> None:
    rng = np.random.default_rng(13)
    series = {f"k{n:02d}": [int(w) for w in counts(rng, np.full(1 + n % 13, 6.0), 2.0)] for n in range(39)}
    values = ", ".join(
        f"('{k}', {w[-1]}, {sum(w[:-1])}, {sum(x * x for x in w[:-1])}, {len(w) - 1})"
        for k, w in series.items()
    )
    shape = "key String, this_week UInt64, total UInt64, squares UInt64, weeks UInt8"
    rows = f"SELECT * FROM VALUES('{shape}', {values})"
    sql = f"SELECT key, weeks, z, p, usual_low, usual_high FROM (SELECT *, {judged('weeks')} FROM ({rows}))"
    for key, weeks, z, p, low, high in warehouse.query(sql):
        if not weeks:  # a tenant's first week: nothing to judge against
            assert (z, p, low, high) == (0.0, 1.0, None, None), key
            continue
        mine = judge(series[key][-1], series[key][:-1])
        assert (z, p) == (pytest.approx(mine.z, abs=1e-9), pytest.approx(mine.p, rel=1e-9, abs=1e-12)), key
        assert (low, high) == mine.usual, key
