"""The self-exciting candidate the forecast was chosen against is fitted as it claims: on places whose
incidents trigger more at known lags, it finds those lags' rates and each place's background."""

from __future__ import annotations

import numpy as np

from bench.forecast_candidates import LAGS, self_exciting, triggering

TRUE_PHI = np.array([0.30, 0.15, 0.07, 0, 0, 0, 0, 0])


def triggered_counts(places: int, weeks: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    background = rng.gamma(1.0, 0.5, places)
    y = np.zeros((places, weeks))
    for t in range(weeks):
        caused = sum(TRUE_PHI[k - 1] * y[:, t - k] for k in range(1, LAGS + 1) if t >= k)
        y[:, t] = rng.poisson(background + caused)
    return background, y


def test_the_triggering_at_each_lag_and_each_place_s_background_are_recovered() -> None:
    background, y = triggered_counts(2000, 80, seed=3)
    found, phi = triggering(y, 79)
    np.testing.assert_allclose(phi[:3], TRUE_PHI[:3], atol=0.04)
    assert phi[3:].max() < 0.02
    assert np.corrcoef(found, background)[0, 1] > 0.95


def test_next_week_is_the_background_plus_what_the_last_weeks_trigger() -> None:
    _, y = triggered_counts(300, 60, seed=4)
    found, phi = triggering(y, 58)
    expected = found + sum(phi[k - 1] * y[:, 59 - k] for k in range(1, LAGS + 1))
    np.testing.assert_allclose(self_exciting(y, 58, []), expected)
