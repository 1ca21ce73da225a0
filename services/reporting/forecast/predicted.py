"""The forecast of a tenant's (or every tenant's) places, as the API and the reports show it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from embrace.statistics.forecast import LONG_RUN, TRAINING, fit_and_predict
from embrace.warehouse import Warehouse
from embrace.weeks import monday_of, preceding, shift
from services.reporting.forecast.series import Level, Series, weekly_series

HORIZON = 4  # weeks ahead at most
FEWEST_WEEKS = 8  # of history before a forecast is made at all
LOOK_BACK = LONG_RUN + TRAINING  # the weeks a forecast one week ahead reads, before its as_of


def predicted(
    warehouse: Warehouse, tenants: list[str], as_of: str, ahead: int, level: Level, groups: Sequence[str] = ()
) -> dict[str, Any]:
    """Every place's forecast, from the weeks of :func:`history_begins` on."""
    weeks = [*preceding(as_of, LOOK_BACK + ahead), as_of]
    series = weekly_series(warehouse, tenants, weeks, level, groups)
    later = [shift(as_of, n) for n in range(1, ahead + 1)]
    said: dict[str, Any] = {"as_of": as_of, "week": later[-1], "resolution": level, "groups": list(groups),
                            "places": []}  # fmt: skip
    start = history_begins(series)
    if len(weeks) - start < FEWEST_WEEKS:
        return {**said, "note": f"fewer than {FEWEST_WEEKS} weeks of history up to {as_of}"}
    calendar = [float(monday_of(w).isocalendar()[1]) for w in [*weeks[start:], *later]]
    made, model = fit_and_predict(series.counts[:, start:], len(weeks) - start - 1, calendar, ahead)
    expected = made.mean.round(2)
    order = np.argsort(-expected, kind="stable")  # ties as shown keep the series' order: tenant, place
    columns = (series.tenants[order], series.places[order], expected[order],
               made.low[order].astype(int), made.high[order].astype(int))  # fmt: skip
    rows = [{"tenant": t, "place": p, "expected": m, "low": lo, "high": hi}
            for t, p, m, lo, hi in zip(*(c.tolist() for c in columns), strict=True)]  # fmt: skip
    return {**said, "places": rows, "model": {"alpha": round(model.alpha, 4), "weeks": len(weeks) - start}}


def history_begins(series: Series) -> int:
    """The index of the first week with an incident of any place (``len(series.weeks)`` if none). The
    weeks before it are not history: a tenant that began reporting lately has no zeros before that."""
    begun = np.flatnonzero(series.counts.sum(axis=0))
    return int(begun[0]) if begun.size else len(series.weeks)
