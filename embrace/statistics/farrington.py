"""What a week's count is expected to be, and how unlikely a count is, for spike alerts.

Once a series has a year of history, by the improved Farrington method (Noufaily et al. 2013, Statistics
in Medicine 32:1206), as public-health surveillance uses it:

* the baseline is every week from ``w`` weeks before the same week ``b`` years back (up to
  :data:`YEARS`) until :data:`SKIPPED` weeks before the current one (so an outbreak building up now
  does not raise its own baseline);
* a quasi-Poisson model gives the windows of ``2w + 1`` weeks around the same week of each earlier year
  one level, and splits each year's remaining weeks into nine blocks of their own levels: the season;
  a linear trend is added only with three years of history, where significant and not extrapolating
  beyond the baseline's largest count;
* weeks of past outbreaks are down-weighted (Anscombe residuals above 2.58) and the model refitted;
  the dispersion ``φ`` is Pearson's statistic over its degrees of freedom, floor 1, with its small-count
  bias added back (:func:`embrace.statistics.dispersion.debiased`).

With less than a year, the mean of the :data:`RECENT` weeks before, with the dispersion of those weeks.

Either way the expected count's own uncertainty is added to the dispersion (the variance of the
prediction is ``μ(φ + μ var(log μ̂))``), and a count is judged by the tail of the negative binomial
distribution of that mean and variance: how often a count at least this large comes by chance.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import scipy

from embrace.statistics.dispersion import debiased
from embrace.statistics.glm import fit, reweighted

YEARS, HALF_WINDOW, PERIODS, SKIPPED = 5, 3, 10, 26
RECENT = 8
HISTORY = YEARS * 52 + HALF_WINDOW  # the weeks before that the longest baseline reaches back to
WEEKS_A_YEAR = 52
DOWN_WEIGHTED = 2.58
TREND_Z = 1.96  # a trend is kept where significant at 5 %


@dataclass(frozen=True)
class Expected:
    mean: float
    dispersion: float  # the predictive variance over the mean, at least 1
    years: int  # years of the same weeks the mean comes from; 0: the recent weeks

    def exceedance(self, count: int) -> float:
        """The chance of a count at least this large in an ordinary week."""
        if count <= 0:
            return 1.0
        if self.dispersion <= 1.0 or self.mean <= 0:
            return float(scipy.stats.poisson.sf(count - 1, max(self.mean, 1e-9)))
        return float(scipy.stats.nbinom.sf(count - 1, self.mean / (self.dispersion - 1), 1 / self.dispersion))

    def z(self, count: int) -> float:
        """The exceedance as a standard normal's z: 3 is as rare as a normal value beyond 3."""
        return float(scipy.stats.norm.isf(max(self.exceedance(count), 1e-300)))


@dataclass(frozen=True)
class Threshold:
    """When a count is an alarm: at least ``minimum``, and as rare as a normal value beyond ``z``."""

    z: float = 3.0
    minimum: int = 5

    def met(self, count: int, z: float) -> bool:
        return count >= self.minimum and z >= self.z


def expected(before: np.ndarray) -> list[Expected]:
    """The expected count of the week after each row of ``before`` (weekly counts, oldest first, the same
    weeks for every row), each from its own history: seasonal once it reaches a year back."""
    counts = np.column_stack([np.asarray(before, dtype=float), np.zeros(len(before))])
    years = np.array([_years(row) for row in counts])
    found: list[Expected | None] = [None] * len(counts)
    for b in np.unique(years):
        rows = np.flatnonzero(years == b)
        fitted = _seasonal(counts[rows], int(b)) if b else _recent(counts[rows])
        for row, value in zip(rows, fitted, strict=True):
            found[row] = value
    return [e for e in found if e is not None]


def _years(row: np.ndarray) -> int:
    """Whole years of history the series has before its last week, counted from its first incident."""
    seen = np.flatnonzero(row[:-1])
    if not seen.size:
        return 0
    reach = row.size - 1 - int(seen[0]) - HALF_WINDOW
    return int(min(YEARS, max(0, reach // WEEKS_A_YEAR)))


def _recent(counts: np.ndarray) -> list[Expected]:
    """The mean of the last RECENT weeks; the dispersion around a log-linear trend over up to half a year
    before, which is steadier than that of eight weeks alone."""
    longer = counts[:, max(0, counts.shape[1] - 1 - SKIPPED) : -1]
    time = np.linspace(-1.0, 1.0, longer.shape[1])
    phi = fit(longer, np.column_stack([np.ones_like(time), time])).phi
    phi = debiased(phi, longer.shape[1] / 2, longer.mean(axis=1))
    mean = counts[:, -RECENT - 1 : -1].mean(axis=1)
    return [Expected(float(m), float(p * (1 + 1 / RECENT)), 0) for m, p in zip(mean, phi, strict=True)]


def blocks(weeks: int, years: int) -> np.ndarray:
    """Each week's seasonal level (``PERIODS`` for the windows around the same week of earlier years,
    1 to ``PERIODS - 1`` for the blocks between), -1 for weeks outside the baseline."""
    now = weeks - 1
    labels = np.full(weeks, -1)
    references = [now - WEEKS_A_YEAR * i for i in range(years + 1)]
    for later, reference in pairwise(references):
        labels[reference - HALF_WINDOW : reference + HALF_WINDOW + 1] = PERIODS
        between = np.arange(reference + HALF_WINDOW + 1, later - HALF_WINDOW)
        for level, part in enumerate(np.array_split(between, PERIODS - 1), start=1):
            labels[part] = level
    labels[now - SKIPPED :] = -1
    return labels


def _seasonal(counts: np.ndarray, years: int) -> list[Expected]:
    labels = blocks(counts.shape[1], years)
    used = labels >= 0
    levels = np.unique(labels[used])
    design = (labels[used][:, None] == levels[None, :]).astype(float)
    now = (levels == PERIODS).astype(float)
    y = counts[:, used]
    plain = reweighted(y, design, DOWN_WEIGHTED)
    mean, variance = plain.predict(now)
    phi = plain.phi
    if years >= 3:  # a trend, only where three years show it and it does not run beyond the data
        time = (np.arange(counts.shape[1]) / WEEKS_A_YEAR)[used]
        trended = reweighted(y, np.column_stack([design, time]), DOWN_WEIGHTED)
        at_now = np.append(now, (counts.shape[1] - 1) / WEEKS_A_YEAR)
        t_mean, t_variance = trended.predict(at_now)
        kept = (np.abs(trended.coefficient_z(-1)) > TREND_Z) & (t_mean <= y.max(axis=1))
        mean, variance = np.where(kept, t_mean, mean), np.where(kept, t_variance, variance)
        phi = np.where(kept, trended.phi, phi)
    phi = debiased(phi, y.shape[1] / design.shape[1], y.mean(axis=1))
    return [Expected(float(m), float(p + m * v), years) for m, v, p in zip(mean, variance, phi, strict=True)]
