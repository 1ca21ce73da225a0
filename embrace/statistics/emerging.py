"""Emerging hot spots: how each place's Gi* has moved over a run of weeks, in the words of Esri's
Emerging Hot Spot Analysis (its documented pattern definitions).

Each week's map is tested on its own (:mod:`embrace.statistics.hotspots`: Gi* over the cell and its
ring-1 neighbours, randomisation p-values, false discoveries controlled across the cells of that week);
the trend of a place's z over the weeks is Mann-Kendall's. Esri also counts neighbours in time; here
the weeks are tested one by one, so a pattern needs the place to stand out in the weeks themselves.

| pattern | the place's hot weeks (cold, for the cold patterns) |
|---|---|
| new | the last week only |
| consecutive | an unbroken run of two weeks or more ending with the last, never before, under 90 % |
| intensifying | at least 90 % of the weeks, the last among them, z rising (Mann-Kendall p < 0.05) |
| persistent | at least 90 % of the weeks, the last among them, no trend |
| diminishing | at least 90 % of the weeks, the last among them, z falling |
| sporadic | the last week, on and off before, under 90 %, never the opposite kind |
| oscillating | the last week, under 90 %, and in some week the opposite kind |
| historical | at least 90 % of the weeks, but not the last |
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy
from numpy.typing import NDArray

from embrace.statistics.hotspots import hot_and_cold

MOST = 0.9  # "at least 90 % of the weeks"
TREND = 0.05


@dataclass(frozen=True)
class Trend:
    tau: float
    p: float


def mann_kendall(series: NDArray[np.float64]) -> Trend:
    """Kendall's tau of the series against time and its two-sided p (normal, ties and continuity
    corrected)."""
    x = np.asarray(series, dtype=float)
    n = x.size
    if n < 3:
        return Trend(0.0, 1.0)
    s = float(np.sign(x[None, :] - x[:, None])[np.triu_indices(n, 1)].sum())
    _, ties = np.unique(x, return_counts=True)
    variance = (n * (n - 1) * (2 * n + 5) - float((ties * (ties - 1) * (2 * ties + 5)).sum())) / 18
    if variance <= 0:
        return Trend(0.0, 1.0)
    z = (s - math.copysign(1, s)) / math.sqrt(variance) if s else 0.0
    return Trend(s / (n * (n - 1) / 2), float(2 * scipy.stats.norm.sf(abs(z))))


@dataclass(frozen=True)
class Emerging:
    place: int
    pattern: str
    trend: Trend
    hot_weeks: int
    cold_weeks: int


def patterns(cube: NDArray[np.float64], neighbours: scipy.sparse.csr_array) -> list[Emerging]:
    """The places of a weeks × places cube of counts (oldest week first) that show a pattern."""
    tested = [hot_and_cold(week, neighbours) for week in cube]
    z = np.stack([t.z for t in tested])
    hot = np.array([[k == "hot" for k in t.kind] for t in tested])
    cold = np.array([[k == "cold" for k in t.kind] for t in tested])
    found = []
    for i in np.flatnonzero(hot.any(axis=0) | cold.any(axis=0)):
        trend = mann_kendall(z[:, i])
        named = pattern(hot[:, i], cold[:, i], trend)
        if named:
            found.append(Emerging(int(i), named, trend, int(hot[:, i].sum()), int(cold[:, i].sum())))
    return found


def pattern(hot: NDArray[np.bool_], cold: NDArray[np.bool_], trend: Trend) -> str:
    """The place's pattern from its weekly hot and cold flags (oldest first) and its z trend: a hot
    pattern, its cold counterpart ("cold " + name), or "" for none."""
    for same, other, kind in ((hot, cold, ""), (cold, hot, "cold ")):
        found = _one_kind(np.asarray(same, bool), np.asarray(other, bool), trend, rising=not kind)
        if found:
            return kind + found
    return ""


def _one_kind(same: NDArray[np.bool_], other: NDArray[np.bool_], trend: Trend, *, rising: bool) -> str:
    weeks, marked, last = same.size, int(same.sum()), bool(same[-1])
    if marked >= MOST * weeks:
        return _mostly(last, trend, rising=rising)
    if marked == 0 or not last:
        return ""
    if marked == 1:
        return "new"
    run = weeks - int(np.flatnonzero(~same)[-1]) - 1  # the unbroken run of marked weeks at the end
    if run == marked:
        return "consecutive"
    return "oscillating" if other.any() else "sporadic"


def _mostly(last: bool, trend: Trend, *, rising: bool) -> str:
    """A place marked in at least 90 % of the weeks."""
    if not last:
        return "historical"
    if trend.p < TREND:
        return "intensifying" if (trend.tau > 0) == rising else "diminishing"
    return "persistent"
