"""Over-dispersion: how much more weekly counts vary than Poisson counts of the same mean would.

Quasi-Poisson: the variance is taken as ``φ × mean``, with ``φ`` estimated by Pearson's statistic over its
degrees of freedom, and never below 1 (fewer than Poisson's variations is read as chance, not as a
promise of more precision).

At small counts that ratio is biased low: a week of many incidents raises the mean it is divided by. To
first order, for negative binomial counts of variance ``φμ`` whose mean is estimated from ``n`` weeks, the
ratio falls short by ``φ(2φ − 1)/(nμ)`` (the covariance of the sample variance and mean, over the squared
mean); :func:`debiased` adds it back. Without it, alerts on series of about one incident a week
fired several times as often as their threshold promises.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FLOOR = 1.0


@dataclass(frozen=True)
class Dispersion:
    phi: float  # variance / mean, at least 1
    df: int  # the degrees of freedom it was estimated with (0: not estimated, Poisson assumed)


POISSON = Dispersion(FLOOR, 0)


def debiased(phi: float | np.ndarray, weeks_per_mean: float, mean: float | np.ndarray) -> np.ndarray:
    """Pearson's dispersion with its first-order small-count bias added back (see above)."""
    phi = np.asarray(phi, dtype=float)
    mean = np.maximum(np.asarray(mean, dtype=float), 1e-9)
    return np.where(phi > FLOOR, phi + phi * (2 * phi - 1) / (weeks_per_mean * mean), phi)


def of_series(counts: Sequence[float] | np.ndarray) -> Dispersion:
    """One series around its own mean: ``Σ (y − ȳ)² / ȳ / (n − 1)``."""
    y = np.asarray(counts, dtype=float)
    mean = float(y.mean()) if y.size else 0.0
    if y.size < 2 or mean <= 0:
        return POISSON
    pearson = float(((y - mean) ** 2).sum()) / mean
    phi = max(FLOOR, pearson / (y.size - 1))
    return Dispersion(float(debiased(phi, y.size, mean)), int(y.size - 1))


def of_table(table: Sequence[Sequence[float]] | Sequence[np.ndarray] | np.ndarray) -> Dispersion:
    """Several places' weekly counts (one row each, weeks as columns) around a model in which every place
    has its own level and every week its own factor, shared by all places: the independence model of the
    table. What is left is how much the places' weekly counts vary *against each other*, which is what
    a comparison of their changes must allow for: a season or a common trend is not counted."""
    y = np.asarray(table, dtype=float)
    y = y[y.sum(axis=1) > 0][:, y.sum(axis=0) > 0] if y.ndim == 2 else y
    if y.ndim != 2 or min(y.shape) < 2:
        return POISSON
    expected = np.outer(y.sum(axis=1), y.sum(axis=0)) / y.sum()
    pearson = float(((y - expected) ** 2 / expected).sum())
    df = (y.shape[0] - 1) * (y.shape[1] - 1)
    return Dispersion(max(FLOOR, pearson / df), df)
