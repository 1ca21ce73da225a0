"""Is last week unusual? One count against the weeks before it, allowing for the series' own dispersion,
with the false discoveries of a whole report held down.

* The count ``y`` is compared with the mean ``μ`` of the ``n`` weeks before on the square-root scale,
  which makes counts of any size about normal (Anscombe's ``√(y + 3/8)``):
  ``z = 2(√(y + 3/8) − √(μ + 3/8)) / √(φ(1 + 1/n))``, where ``φ`` is the dispersion of those weeks
  (floor 1, :mod:`embrace.statistics.dispersion`) and ``1/n`` allows for the mean being estimated too.
  Where ``φ`` was estimated above 1, z is read as Student's t on ``n − 1`` degrees of freedom.
* A row is judged only when last week or the mean reaches :data:`MINIMUM`: 0 or 1 against a mean of 0.4
  is never news, however the arithmetic comes out.
* A report compares many rows at once. Their two-sided p-values are adjusted by Benjamini and Hochberg
  (1995): "notable" rows keep the expected share of false ones among the flagged below 1 %, "watch" rows
  below 10 %. On noise alone a report flags nothing in at least 9 of 10 weeks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from statistics import NormalDist
from typing import Literal

import numpy as np
import scipy
from numpy.typing import NDArray

from embrace.statistics.dispersion import of_series

Flag = Literal["notable", "watch", ""]
MINIMUM = 5  # last week's count or the mean before must reach this to be judged at all
NOTABLE, WATCH = 0.01, 0.10  # false discovery rates
SHIFT = 3 / 8  # Anscombe's: the square root of y + 3/8 has a variance closest to 1/4 at small means
USUAL = 0.95  # the usual range: where this share of weeks falls when nothing has changed


@dataclass(frozen=True)
class Judged:
    count: int
    mean: float  # of the weeks before
    dispersion: float
    z: float
    p: float  # two-sided; 1 when the row is below the minimum
    usual: tuple[int, int]  # the range last week's count falls in, in 95 % of ordinary weeks


def judge(count: int, before: Sequence[int]) -> Judged:
    """Last week's ``count`` against the weeks ``before`` it (missing weeks are zeros in ``before``)."""
    n = len(before)
    if not n:
        raise ValueError("a count can only be judged against at least one period before it")
    mean = sum(before) / n
    phi = of_series(before).phi
    spread = math.sqrt(phi * (1 + 1 / n))
    z = 2 * (math.sqrt(count + SHIFT) - math.sqrt(mean + SHIFT)) / spread
    df = n - 1 if phi > 1 else 0  # a dispersion estimated above Poisson makes z t-like
    judged = max(count, mean) >= MINIMUM
    p = math.erfc(as_normal(abs(z), df) / math.sqrt(2)) if judged else 1.0
    return Judged(count, mean, phi, z, p, usual_range(mean, spread, df))


@cache
def usual_quantile(df: int) -> float:
    return float(scipy.stats.t.ppf(0.5 + USUAL / 2, df)) if df > 0 else NormalDist().inv_cdf(0.5 + USUAL / 2)


def as_normal(t: float, df: int) -> float:
    """Student's t as the standard normal value of the same tail (Wallace 1959's approximation, close
    for 10 degrees of freedom or more): where the dispersion was estimated, z is t-like."""
    return t if df <= 0 else t * (1 - 1 / (4 * df)) / math.sqrt(1 + t * t / (2 * df))


def usual_range(mean: float, spread: float, df: int = 0) -> tuple[int, int]:
    centre, half = math.sqrt(mean + SHIFT), usual_quantile(df) * spread / 2
    low = max(0.0, centre - half) ** 2 - SHIFT
    return max(0, math.ceil(low)), math.floor((centre + half) ** 2 - SHIFT)


def adjusted(ps: Sequence[float] | NDArray[np.float64]) -> list[float]:
    """Benjamini–Hochberg adjusted p-values (q-values), in the order given."""
    p = np.asarray(ps, dtype=float)
    m = p.size
    if m == 0:
        return []
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    q = np.empty(m)
    q[order] = np.minimum.accumulate(scaled[::-1])[::-1].clip(max=1.0)
    return list(q.tolist())


def flag(q: float) -> Flag:
    return "notable" if q <= NOTABLE else "watch" if q <= WATCH else ""


def flags(judged: Sequence[Judged]) -> list[Flag]:
    """The flag of each row of one report, false discoveries controlled across all of them."""
    return [flag(q) for q in adjusted([j.p for j in judged])]
