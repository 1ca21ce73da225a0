"""Report flags: a row is judged by its own dispersion, small rows are never flagged, and a report's rows
are flagged together with false discoveries held down, so noise alone seldom flags anything."""

from __future__ import annotations

import pytest

from embrace.statistics.calibration import ReportWorld, flag_rates
from embrace.statistics.flags import adjusted, flags, judge


def test_one_against_nothing_and_nothing_against_one_are_never_flagged() -> None:
    assert judge(1, [0] * 12).p == 1.0
    assert judge(0, [1] * 12).p == 1.0
    assert judge(4, [0] * 11 + [1]).p == 1.0  # below the minimum of 5 either way


def test_a_steady_series_rising_sharply_is_flagged_and_a_lumpy_one_is_not() -> None:
    steady = judge(20, [5, 6, 4, 5, 5, 6, 4, 5, 5, 6, 4, 5])
    lumpy = judge(20, [0, 14, 1, 0, 12, 2, 0, 15, 1, 0, 13, 2])  # the same mean, reported in bursts
    assert steady.mean == lumpy.mean == 5
    assert steady.dispersion == 1.0
    assert lumpy.dispersion > 4
    assert flags([steady]) == ["notable"]
    assert flags([lumpy]) == [""]
    assert steady.usual == (2, 10)
    assert lumpy.usual[1] > 20


def test_benjamini_hochberg_as_published() -> None:
    # Benjamini & Hochberg (1995): the fifteen p-values of their example, four rejected at q = 0.05.
    ps = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719,
          0.6528, 0.7590, 1.0000]  # fmt: skip
    q = adjusted(ps)
    assert sum(1 for value in q if value <= 0.05) == 4
    assert q[0] == pytest.approx(0.0015)
    assert q == sorted(q)


def test_on_noise_alone_few_reports_flag_anything_and_almost_no_row_is_flagged() -> None:
    """300 reports of 60 rows with no change at all: means 0.2 to 30 a week, dispersion 1 to 3."""
    any_flag, rows = flag_rates(ReportWorld(), reports=300, seed=20261202)
    assert any_flag <= 0.15  # README, How sure are we?: 8 % of reports, 0.15 % of rows
    assert rows <= 0.005
