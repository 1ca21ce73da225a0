"""The forecast sees nothing after ``as_of``; its 80 % interval holds about 80 % of what comes; on
self-exciting counts it beats every naive forecast in deviance; and absolute error scores medians."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from embrace.statistics import forecast as forecasting
from embrace.statistics.backtest import HINDSIGHT, MODEL, MODEL_MEDIAN, backtest, best_naive
from embrace.statistics.forecast import forecast

WEEKS = [float(1 + n % 52) for n in range(80)]


def self_exciting(places: int, weeks: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = rng.gamma(0.6, 2.0, size=places)
    y = np.zeros((places, weeks))
    for t in range(weeks):
        excited = sum(0.35 * np.exp(-(k - 1) / 2.0) * y[:, t - k] for k in range(1, min(t, 6) + 1))
        y[:, t] = rng.poisson(base * (1 + 0.3 * np.sin(2 * np.pi * t / 52.18)) + excited)
    return y


def test_nothing_after_as_of_reaches_the_forecast() -> None:
    history = self_exciting(100, 80, 1)
    tampered = history.copy()
    tampered[:, 61:] = 1000.0
    first, second = forecast(history, 60, WEEKS), forecast(tampered, 60, WEEKS)
    np.testing.assert_array_equal(first.mean, second.mean)
    np.testing.assert_array_equal(first.high, second.high)


def test_the_interval_holds_about_eight_in_ten_and_the_model_beats_the_naive_in_deviance() -> None:
    history = self_exciting(300, 80, 2)
    scores = backtest(history, range(40, 79), WEEKS)
    coverage = scores[MODEL].coverage
    assert coverage is not None
    assert 0.75 <= coverage <= 0.92
    _, naive = best_naive(scores, "deviance")
    deviance = scores[MODEL].deviance
    assert deviance is not None
    assert deviance < naive


def test_a_region_s_fit_learns_from_a_fixed_sample_of_places_and_forecasts_every_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    history = self_exciting(2000, 80, 3)
    whole = forecast(history, 60, WEEKS)
    monkeypatch.setattr(forecasting, "FIT_PLACES", 500)
    sampled, again = forecast(history, 60, WEEKS), forecast(history, 60, WEEKS)
    assert sampled.mean.shape == (2000,)
    np.testing.assert_array_equal(sampled.mean, again.mean)  # the same draw every time
    assert np.abs(sampled.mean - whole.mean).mean() < 0.05 * whole.mean.mean()


@pytest.mark.parametrize("upto", [9, 30, 70])
def test_the_predictors_are_last_week_and_the_means_of_4_13_and_52_weeks_or_all_there_are(upto: int) -> None:
    history = self_exciting(50, 80, 6)
    known = history[:, :upto]
    x = forecasting.features(history, upto, 10.0)
    expected = [
        known[:, -1],
        known[:, -4:].mean(axis=1),
        known[:, -13:].mean(axis=1),
        known[:, -52:].mean(axis=1),
    ]
    np.testing.assert_allclose(x[:, 1:5], np.column_stack(expected), rtol=1e-12)
    np.testing.assert_allclose(x[:, 5], np.sin(2 * np.pi * 10 / 52.18) * expected[3], rtol=1e-12)


def test_a_season_is_fitted_only_once_the_history_holds_a_year() -> None:
    history = self_exciting(300, 80, 7)
    for as_of, seasonal in ((30, False), (50, False), (51, True), (70, True)):
        model = forecasting.fit_and_predict(history, as_of, WEEKS)[1]
        assert bool(np.any(model.beta[5:] != 0)) == seasonal, as_of


def test_a_fit_on_few_places_widens_its_interval_by_what_it_does_not_know() -> None:
    small = self_exciting(4, 20, 3)
    made, few = forecasting.fit_and_predict(small, 18, WEEKS)
    many = forecasting.fit_and_predict(self_exciting(300, 20, 3), 18, WEEKS)[1]
    x = forecasting.features(small, 19, WEEKS[19], seasonal=False)
    unsure_few, unsure_many = (np.einsum("ij,jk,ik->i", x, m.covariance, x) for m in (few, many))
    assert np.all(unsure_many < unsure_few / 20)  # the mean's variance falls with the place-weeks
    plain = [forecasting._quantile(q, made.mean, np.full(4, few.alpha)) for q in forecasting.INTERVAL]
    assert np.all(made.low <= plain[0])
    assert np.all(made.high >= plain[1])
    assert np.any(made.high > plain[1])


def test_a_sparse_history_gets_the_forecast_of_its_dense_form() -> None:
    history = self_exciting(400, 80, 4)
    history[:, :30] = 0.0  # zeros stored nowhere in the sparse form
    dense, kept = forecast(history, 70, WEEKS), forecast(sparse.csr_array(history), 70, WEEKS)
    np.testing.assert_allclose(kept.mean, dense.mean, rtol=1e-12)
    np.testing.assert_array_equal(kept.high, dense.high)


def test_the_fit_counts_each_repeated_row_as_often_as_it_occurs() -> None:
    rng = np.random.default_rng(5)
    x = np.column_stack([np.ones(3000), rng.integers(0, 3, (3000, 2)).astype(float)])
    y = rng.poisson(x[:, 1] + 0.5 * x[:, 2] + 0.2).astype(float)
    assert len(forecasting.distinct(x, y)[0]) <= 3 * 3 * (y.max() + 1)
    weight, alpha = np.ones(len(y)), 0.0  # the same rounds, on every row as it comes
    for _ in range(8):
        beta = np.linalg.solve((x * weight[:, None]).T @ x, (x * weight[:, None]).T @ y)
        mu = np.maximum(x @ beta, forecasting.FLOOR)
        alpha = max(0.0, float((((y - mu) ** 2 - mu) / mu**2).mean()))
        weight = 1 / (mu + alpha * mu**2)
    model = forecasting.fit(x, y)
    np.testing.assert_allclose(model.beta, beta, rtol=1e-9)
    assert model.alpha == pytest.approx(alpha, rel=1e-9)


def test_the_hindsight_mean_is_each_place_s_own_mean_and_never_the_best_naive_forecast() -> None:
    history = np.tile([[0.0, 2.0], [4.0, 4.0]], (1, 30))  # place 0 alternates 0, 2; place 1 stays at 4
    scores = backtest(history, range(20, 58), WEEKS[:60])
    assert scores[HINDSIGHT].mae == pytest.approx(0.5)  # place 0 is off by 1 each week, place 1 never
    assert best_naive(scores, "mae")[0] != HINDSIGHT


def test_where_most_weeks_are_0_absolute_error_scores_the_median_and_deviance_only_means() -> None:
    history = np.random.default_rng(8).poisson(0.4, size=(300, 80)).astype(float)
    scores = backtest(history, range(40, 79), WEEKS)
    assert scores[MODEL_MEDIAN].mae < 0.9 * scores[MODEL].mae  # a mean of 0.4 is off by 0.4 on every 0
    assert scores[MODEL_MEDIAN].deviance is None
    assert scores["long-run median"].deviance is None
    assert best_naive(scores, "mae")[0] == "long-run median"
    assert best_naive(scores, "deviance")[0] == "long-run mean"


def test_pai_and_pei_reward_a_ranking_that_flags_where_the_incidents_come() -> None:
    from embrace.statistics.backtest import placement

    actual = np.array([5.0, 3, 0, 0, 1, 0, 0, 1, 0, 0])
    perfect = placement(actual, actual, 0.2)  # two of ten places flagged, holding 8 of 10 incidents
    assert (perfect.pai, perfect.pei) == (4.0, 1.0)
    blind = placement(actual, -np.arange(10.0), 0.2)  # the first two by position: 8 of 10 too
    assert blind.pai == 4.0
    wrong = placement(actual, np.array([0.0, 0, 9, 9, 0, 0, 0, 0, 0, 0]), 0.2)
    assert (wrong.pai, wrong.pei) == (0.0, 0.0)
