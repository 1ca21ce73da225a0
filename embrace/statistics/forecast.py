"""Next week's expected incidents per place, with an 80 % interval, from the places' own past only.

One regression pooled over all places of the model: a place's count in the target week against, known
before that week, its count the week before, its means over the 4, 13 and 52 weeks before (or all there
is), and the season (the week of the year as a sine and cosine, scaled by the long-run mean; once the
history holds a year). The mean is
additive in these (identity link), as counts driven by repeat and near-repeat incidents are: a busy
last week adds to a place's usual level rather than multiplying it. The fit is quasi-likelihood with
the negative binomial's variance ``μ + αμ²`` (iteratively reweighted least squares, α by moments:
Cameron and Trivedi), so over-dispersion is estimated from the data, never assumed away. Pooling lets
places with few incidents borrow the relation between recent and usual levels from the rest. The
interval is the negative binomial's 10th to 90th percentile around the mean, its variance widened by
the mean's own from the coefficients' covariance: with thousands of place-weeks that is nothing beside
the counts' spread, but a tenant of four areas and a few weeks knows its coefficients poorly. A region's
fit learns from at most ``FIT_PLACES`` places drawn at random, a fixed draw.

``as_of`` is the last week whose counts the model may use; the fit sees only earlier targets. A backtest
moves ``as_of`` along and scores each week against naive forecasts (last week, the mean of four weeks,
the long-run mean, and for absolute error the long-run median: ``backtest``); ``bench/forecast.py``
prints the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import pyarrow as pa
import scipy
from numpy.typing import NDArray

LONG_RUN = 52
QUARTER = 13
RECENT = 4
FLOOR = 0.05  # the smallest mean forecast: a place is never certain to stay quiet
TRAINING = 26  # the weeks of targets each fit learns from
# Seven coefficients need far fewer than a region's millions of place-weeks: past this many places the
# fit learns from a random sample of them (the same every time), and every place is forecast.
FIT_PLACES = 50_000
INTERVAL = (0.1, 0.9)
Array = NDArray[np.float64]
History: TypeAlias = "Array | scipy.sparse.csr_array"  # places × weeks; a region's cells are sparse


@dataclass(frozen=True)
class Forecast:
    mean: Array
    low: Array
    high: Array


@dataclass(frozen=True)
class Model:
    beta: Array
    alpha: float
    covariance: Array  # of beta: what a fit on few place-weeks does not know


def features(history: History, upto: int, week_of_year: float, seasonal: bool = True) -> Array:
    """The predictors of every place for a target whose latest known week is ``upto - 1``. Without
    ``seasonal`` the season's two columns are 0, and the fit leaves them out."""
    last, recent, quarter, long_run = (history @ _windows(history.shape[1], upto)).T
    angle = 2 * np.pi * week_of_year / 52.18
    season = (np.sin(angle) * long_run, np.cos(angle) * long_run) if seasonal else (0 * long_run,) * 2
    return np.column_stack([np.ones(history.shape[0]), last, recent, quarter, long_run, *season])


def _windows(weeks: int, upto: int) -> Array:
    """Weights over the weeks (weeks × 4) that take, by one product, the last week's count and the means
    of the last 4, 13 and 52 weeks before ``upto`` (or of all there are): sparse counts never go dense."""
    weights = np.zeros((weeks, 4))
    for column, span in enumerate((1, RECENT, QUARTER, LONG_RUN)):
        begin = max(0, upto - span)
        weights[begin:upto, column] = 1 / (upto - begin)
    return weights


def fit(x: Array, y: Array, iterations: int = 8) -> Model:
    """Weighted least squares with the negative binomial's variance, α re-estimated each round."""
    x, y, times = distinct(x, y)
    weight, alpha = times, 0.0
    beta = np.zeros(x.shape[1])
    for _ in range(iterations):
        # The normal equations: a handful of predictors over millions of place-weeks, so the small
        # system is solved instead of the tall one (lstsq on it still copes with a constant column).
        weighted = x * weight[:, None]
        beta = np.asarray(np.linalg.lstsq(weighted.T @ x, weighted.T @ y, rcond=None)[0], dtype=float)
        mu = np.maximum(x @ beta, FLOOR)
        alpha = max(0.0, float(np.average(((y - mu) ** 2 - mu) / mu**2, weights=times)))
        weight = times / (mu + alpha * mu**2)
    return Model(beta, alpha, np.asarray(np.linalg.pinv((x * weight[:, None]).T @ x), dtype=float))


def distinct(x: Array, y: Array) -> tuple[Array, Array, Array]:
    """The distinct rows of ``x`` with ``y``, and how many times each occurs. Quiet places look alike: a
    region's 1.3 million training rows hold some 41,000 distinct ones, and the fit weighs each by its
    number instead of repeating it (the same sums, a thirtieth of the work)."""
    names = [f"x{n}" for n in range(x.shape[1])]
    rows = pa.table({**{name: x[:, n] for n, name in enumerate(names)}, "y": y})
    # One thread: the rows come out in the order they first occur, so the sums, to the last bit, too.
    found = rows.group_by([*names, "y"], use_threads=False).aggregate([([], "count_all")])
    columns = [found.column(name).to_numpy() for name in names]
    return np.column_stack(columns), found.column("y").to_numpy(), found.column("count_all").to_numpy() * 1.0


def predict(model: Model, x: Array) -> Forecast:
    """The mean, and the interval of a count around it: the negative binomial's, its variance widened
    by the mean's own (``x Σ xᵀ``, from the coefficients' covariance) so that a fit on few place-weeks
    says how little it knows."""
    mean = np.maximum(x @ model.beta, FLOOR)
    unsure = np.einsum("ij,jk,ik->i", x, model.covariance, x)
    alpha = model.alpha + np.maximum(unsure, 0) / mean**2
    low, high = (_quantile(q, mean, alpha) for q in INTERVAL)
    return Forecast(mean, low, high)


def median(mean: Array, model: Model) -> Array:
    """The negative binomial's median around ``mean``: the point forecast that mean absolute error
    rewards (a mean is what deviance rewards). Where counts are mostly 0 or 1, the two differ."""
    return _quantile(0.5, mean, np.full(mean.shape, model.alpha))


def _quantile(q: float, mean: Array, alpha: Array) -> Array:
    """The negative binomial's ``q`` quantile around ``mean``, with over-dispersion ``alpha``."""
    size = np.where(alpha > 1e-9, 1 / np.maximum(alpha, 1e-9), 1e9)  # no over-dispersion left: Poisson
    return np.asarray(scipy.stats.nbinom.ppf(q, size, size / (size + mean)), dtype=float)


def forecast(history: History, as_of: int, week_of_year: list[float], horizon: int = 1) -> Forecast:
    """Each place's forecast for week ``as_of + horizon`` from its weeks up to ``as_of`` (indices into
    ``history``, places × weeks; ``week_of_year`` of every index up to the target)."""
    return fit_and_predict(history, as_of, week_of_year, horizon)[0]


def fit_and_predict(history: History, as_of: int, week_of_year: list[float],
                    horizon: int = 1) -> tuple[Forecast, Model]:  # fmt: skip
    """The forecast and the model fitted for it: targets up to ``as_of`` only. The season enters once
    the history holds a year (``LONG_RUN`` weeks): from less, its columns follow the long-run mean over
    a part of the year, and a few places fit them to a trend that runs away."""
    seasonal = as_of + 1 >= LONG_RUN
    first = max(RECENT, as_of + 1 - TRAINING - horizon + 1)
    places = history.shape[0]
    learnt = history
    if places > FIT_PLACES:
        learnt = history[np.sort(np.random.default_rng(0).choice(places, FIT_PLACES, replace=False))]
    learnt = learnt if isinstance(learnt, np.ndarray) else learnt.toarray()  # a sample is small
    rows, targets = [], []
    for upto in range(first, as_of - horizon + 2):
        target = upto + horizon - 1
        rows.append(features(learnt, upto, week_of_year[target], seasonal))
        targets.append(learnt[:, target])
    model = fit(np.vstack(rows), np.concatenate(targets))
    return predict(model, features(history, as_of + 1, week_of_year[as_of + horizon], seasonal)), model


Naive = Callable[[Array, int], Array]
NAIVE: dict[str, Naive] = {
    "last week": lambda h, upto: h[:, upto - 1],
    "mean of 4 weeks": lambda h, upto: h[:, upto - RECENT : upto].mean(axis=1),
    "long-run mean": lambda h, upto: h[:, max(0, upto - LONG_RUN) : upto].mean(axis=1),
}


def deviance(y: Array, mu: Array) -> float:
    """Mean Poisson deviance; a forecast of 0 is read as 0.1 so that a miss costs, not breaks, it."""
    mu = np.maximum(mu, 0.1)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0)
    return float((2 * (term - (y - mu))).mean())
