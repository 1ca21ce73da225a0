"""The forecasts the model was chosen from, backtested side by side (rolling origin, no look-ahead): each
candidate's expected count one week ahead, scored by mean Poisson deviance and mean absolute error.

- additive: the platform's model (embrace/statistics/forecast.py), identity link on recent and long-run
  levels and the season, negative binomial variance;
- log link: the same predictors (their logarithms) and the season, multiplicative, the same variance;
- self-exciting: a place's background rate plus what its incidents of the last weeks trigger, a
  discrete-time form of Mohler et al. (2011), fitted by expectation-maximisation over all places;
- smoothed: each place's past weighted by a half-life of 26 weeks (no model, the best smoothing tried).

bench/forecast.py runs it on the same two sets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from embrace.statistics.forecast import FLOOR, LONG_RUN, TRAINING, Array, deviance, features, forecast

Candidate = Callable[[Array, int, list[float]], Array]  # history, as_of, week of year -> next week's mean
LAGS = 8  # the weeks back an incident may trigger others in the self-exciting candidate
HALF_LIFE = 26.0
ITERATIONS = 200  # expectation-maximisation creeps: 50 rounds left the synthetic deviance 7 % higher


def additive(history: Array, as_of: int, week_of_year: list[float]) -> Array:
    return forecast(history, as_of, week_of_year).mean


def log_link(history: Array, as_of: int, week_of_year: list[float]) -> Array:
    """A pooled negative binomial regression with a log link, fitted by reweighted least squares."""
    rows, targets = [], []
    for upto in range(max(4, as_of + 1 - TRAINING), as_of + 1):
        rows.append(_logged(history, upto, week_of_year[upto]))
        targets.append(history[:, upto])
    x, y = np.vstack(rows), np.concatenate(targets)
    beta, alpha = np.zeros(x.shape[1]), 0.0
    beta[0] = np.log(max(y.mean(), FLOOR))
    for _ in range(25):
        mu = np.exp(np.clip(x @ beta, -20, 10))
        weight = mu / (1 + alpha * mu)
        working = x @ beta + (y - mu) / mu
        weighted = x * weight[:, None]
        beta = np.asarray(np.linalg.lstsq(weighted.T @ x, weighted.T @ working, rcond=None)[0], dtype=float)
        alpha = max(0.0, float(np.mean(((y - mu) ** 2 - mu) / mu**2)))
    return np.exp(_logged(history, as_of + 1, week_of_year[as_of + 1]) @ beta)


def _logged(history: Array, upto: int, week: float) -> Array:
    levels = features(history, upto, week)[:, 1:5]  # last week, 4, 13 and 52 weeks
    angle = 2 * np.pi * week / 52.18
    season = np.tile([np.sin(angle), np.cos(angle)], (history.shape[0], 1))
    return np.column_stack([np.ones(history.shape[0]), np.log(levels + 0.1), season])


def self_exciting(history: Array, as_of: int, _calendar: list[float]) -> Array:
    """Rate = a place's background + Σ_k φ_k · its count k weeks before (see :func:`triggering`)."""
    background, phi = triggering(history, as_of)
    recent = np.stack([history[:, as_of + 1 - k] for k in range(1, LAGS + 1)])
    return np.asarray(background + phi @ recent, dtype=float)


def triggering(history: Array, as_of: int) -> tuple[Array, Array]:
    """Each place's background rate and φ_k, by expectation-maximisation: each incident is split between
    the background and the incidents before it in proportion to what each adds to the rate; the
    background is then each place's share per week, and φ_k the incidents triggered at lag k per
    incident k weeks before (a histogram kernel, as Mohler et al.'s). No season: the background is a
    place's level over the last 52 weeks."""
    first = max(LAGS, as_of + 1 - LONG_RUN)
    y = history[:, first : as_of + 1]
    past = np.stack([history[:, first - k : as_of + 1 - k] for k in range(1, LAGS + 1)])  # lag, place, week
    exposure = past.sum(axis=(1, 2))
    background = np.maximum(y.mean(axis=1), FLOOR)
    phi = np.full(LAGS, 0.05)
    for _ in range(ITERATIONS):
        triggered = np.einsum("k,kpw->kpw", phi, past)
        rate = background[:, None] + triggered.sum(axis=0)
        share = np.divide(y, rate, out=np.zeros_like(y), where=rate > 0)
        background = np.maximum((background[:, None] * share).mean(axis=1), FLOOR / 10)
        caused = (triggered * share).sum(axis=(1, 2))
        phi = np.divide(caused, exposure, out=np.zeros(LAGS), where=exposure > 0)
    return background, phi


def smoothed(history: Array, as_of: int, _calendar: list[float]) -> Array:
    weights = 0.5 ** ((as_of - np.arange(as_of + 1)) / HALF_LIFE)
    return np.asarray(history[:, : as_of + 1] @ weights / weights.sum(), dtype=float)


CANDIDATES: dict[str, Candidate] = {
    "additive (chosen)": additive,
    "log link": log_link,
    "self-exciting": self_exciting,
    "smoothed, 26 weeks": smoothed,
}


def compared(history: Array, origins: Sequence[int], week_of_year: list[float]) -> list[str]:
    """Each candidate's MAE and deviance over every place and origin, as lines to print."""
    actual = np.concatenate([history[:, as_of + 1] for as_of in origins])
    lines = [f"{'candidate':<20}{'MAE':>9}{'deviance':>10}"]
    for name, candidate in CANDIDATES.items():
        made = [candidate(history, as_of, week_of_year) for as_of in origins]
        mean = np.maximum(np.concatenate(made), FLOOR)
        lines.append(f"{name:<20}{np.abs(actual - mean).mean():>9.3f}{deviance(actual, mean):>10.3f}")
    return lines
