"""What a week is expected to bring, by the improved Farrington method once a year of history exists: the
season is found, past outbreaks do not raise the baseline, and on simulated series the alarms come about
as rarely as the threshold promises, far more rarely than the rule of eight weeks' mean did."""

from __future__ import annotations

import numpy as np
import pytest

from embrace.statistics.calibration import SeriesWorld, alert_rates, counts, farrington_rule, season
from embrace.statistics.farrington import HALF_WINDOW, PERIODS, SKIPPED, Threshold, blocks, expected

RISING = 15  # the week of the year the seasonal series below rise fastest in


def test_the_baseline_is_the_same_weeks_of_earlier_years_and_the_blocks_between() -> None:
    labels = blocks(weeks=2 * 52 + 10, years=2)
    now = len(labels) - 1
    for back in (52, 104):
        assert (labels[now - back - HALF_WINDOW : now - back + HALF_WINDOW + 1] == PERIODS).all()
    assert set(labels[now - 52 + HALF_WINDOW + 1 : now - SKIPPED]) <= set(range(1, PERIODS))
    assert (labels[now - SKIPPED :] == -1).all()  # the last half year is left out
    assert (labels[: now - 104 - HALF_WINDOW] == -1).all()


def test_a_seasonal_series_is_expected_at_its_seasons_level_not_at_last_months() -> None:
    weeks = np.arange(3 * 52)
    means = 10 * season(weeks, 0.6, -RISING)  # rises through its mean in week 15 of each year
    rng = np.random.default_rng(1)
    history = np.array([counts(rng, means, 1.0) for _ in range(200)])
    judged = 2 * 52 + RISING  # a spring week of the third year
    found = expected(history[:, :judged])
    assert all(e.years == 2 for e in found)
    assert np.mean([e.mean for e in found]) == pytest.approx(means[judged], rel=0.08)
    assert history[:, judged - 8 : judged].mean() < 0.8 * means[judged]  # what the weeks just before say


def test_less_than_a_year_of_history_uses_the_weeks_just_before() -> None:
    [found] = expected(np.array([[0] * 30 + [4, 6, 5, 5, 4, 6, 5, 5]]))
    assert found.years == 0
    assert found.mean == 5


def test_an_outbreak_last_year_does_not_raise_this_years_baseline() -> None:
    rng = np.random.default_rng(2)
    calm = counts(rng, np.full(2 * 52 + 10, 6.0), 1.0)
    judged = len(calm) - 1
    outbroken = calm.copy()
    outbroken[judged - 52] += 60  # the same week last year
    [plain, reweighted] = expected(np.vstack([calm, outbroken])[:, :judged])
    assert reweighted.mean < plain.mean * 1.5  # unweighted it would be some 60/14 = 4 more a week
    assert reweighted.dispersion >= 1


def test_alarms_on_over_dispersed_seasonal_series_are_few_and_outbreaks_are_found() -> None:
    """300 series with dispersion 1 to 3 and seasons of up to ±60 %, the third year's weeks judged."""
    rate = alert_rates(SeriesWorld(), {"new": farrington_rule(Threshold())}, series=200,
                       weeks=range(104, 156, 4), seed=20261202)["new"]  # fmt: skip
    assert rate["false_alarms"] <= 15  # per 100 series-years; z ≥ 3 promises 7 (README)
    assert rate["found_5sd"] >= 0.5


def test_on_poisson_series_alarms_come_as_rarely_as_the_threshold_promises() -> None:
    world = SeriesWorld(dispersion=(1.0, 1.0), amplitude=0.0, years=2)
    rate = alert_rates(world, {"new": farrington_rule(Threshold())}, series=400, weeks=range(60, 104, 2),
                       seed=7)["new"]  # fmt: skip
    assert rate["false_alarms"] <= 1.5 * 7.0
