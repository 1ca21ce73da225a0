"""Did an intervention seem to work? Its area's counts before and during, against a comparison's.

The measure that decides is the **relative effect**, the ratio of ratios
``(target during / target before) / (comparison during / comparison before)``: Farrington & Welsh's odds
ratio of the situational-prevention meta-analyses, inverted so that below 1 means fewer incidents than the
comparison's trend predicts. It holds under a common trend: a season or a citywide rise that moves target
and comparison alike cancels, whatever their sizes. Its interval comes from
``var(log) = φ (1/a + 1/b + 1/c + 1/d)``, where ``φ`` is the over-dispersion of the places' weekly counts
against each other before the intervention (quasi-Poisson, floor 1), with Student's t on the degrees of
freedom ``φ`` was estimated with.

In counts, the comparison's trend applied to the target's own "before" gives the incidents expected
during it; the expected less the observed is the number avoided (Bowers & Johnson's net effect, with the
buffer ring's). The Weighted Displacement Difference (Wheeler & Ratcliffe 2018) is given on the comparison
scaled to the target's "before" (and to the ring's), which is the size its authors assume; the Weighted
Displacement Quotient only where the target improved, where its authors define it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import scipy

from embrace.contracts.effects import Verdict
from embrace.statistics.dispersion import POISSON, Dispersion

LARGE_FALL = 0.5  # "no sign of effect" needs an expected interval within a halving and a doubling
POWER = 0.8  # of the detectable fall reported beside the verdict


@dataclass(frozen=True)
class Counts:
    before: float
    during: float

    def per(self, area: float, times: tuple[float, float]) -> Counts:
        """Counts per unit area and time."""
        return Counts(self.before / (area * times[0]), self.during / (area * times[1]))

    @property
    def change(self) -> float:
        return self.during - self.before

    @property
    def trend(self) -> float:
        """During over before; 1 when there was nothing before."""
        return self.during / self.before if self.before else 1.0


@dataclass(frozen=True)
class Relative:
    ratio: float  # below 1: fewer incidents than the comparison's trend predicts
    low: float
    high: float
    standard_error: float  # of the log ratio
    expected: float  # the place's "during" had it followed the comparison's trend
    avoided: float  # expected less observed: positive, fewer than expected

    @property
    def percent(self) -> float:
        return round(100 * (self.ratio - 1), 1)


def relative_effect(
    place: Counts, comparison: Counts, dispersion: Dispersion = POISSON, confidence: float = 0.95
) -> Relative | None:
    """The place's change against the comparison's; None when the comparison had nothing before or the
    place nothing at all. A zero count gets half an incident added to all four (Haldane's correction)."""
    if not comparison.before or not (place.before or place.during):
        return None
    a, b, c, d = place.before, place.during, comparison.before, comparison.during
    if 0 in (a, b, c, d):
        a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
    log_ratio = math.log((b / a) / (d / c))
    error = math.sqrt(dispersion.phi * (1 / a + 1 / b + 1 / c + 1 / d))
    half = quantile(confidence, dispersion) * error
    expected = place.before * comparison.trend
    return Relative(math.exp(log_ratio), math.exp(log_ratio - half), math.exp(log_ratio + half), error,
                    expected, expected - place.during)  # fmt: skip


def quantile(confidence: float, dispersion: Dispersion) -> float:
    """Two-sided: Student's t where the dispersion was estimated above Poisson, else the normal's."""
    tail = 0.5 + confidence / 2
    if dispersion.df and dispersion.phi > 1:
        return float(scipy.stats.t.ppf(tail, dispersion.df))
    return NormalDist().inv_cdf(tail)


@dataclass(frozen=True)
class Precision:
    """What the comparison could tell before anything was measured, from the counts it expects when
    nothing changes: the place's "before" carried by the comparison's trend."""

    error: float  # the standard error of the log ratio it expects
    quantile: float

    @property
    def detectable_fall(self) -> float:
        """The smallest fall (a share, 0 to 1) found with 80 % power."""
        return 1 - math.exp(-(self.quantile + NormalDist().inv_cdf(POWER)) * self.error)

    @property
    def enough(self) -> bool:
        """Whether the interval expected when nothing changes stays within a halving and a doubling."""
        return self.quantile * self.error <= math.log(1 / LARGE_FALL)


def precision(
    before: float, comparison: Counts, dispersion: Dispersion = POISSON, confidence: float = 0.95
) -> Precision:
    q = quantile(confidence, dispersion)
    if before <= 0 or comparison.before <= 0:
        return Precision(math.inf, q)
    during = before * max(comparison.trend, 1e-9)
    c, d = comparison.before, max(comparison.during, 0.5)
    return Precision(math.sqrt(dispersion.phi * (1 / before + 1 / during + 1 / c + 1 / d)), q)


def verdict(effect: Relative | None, enough: bool, fair: bool = True) -> Verdict:
    """By the interval: "seems effective" only when it lies wholly below 1, "seems harmful" above. Inside,
    "no sign of effect" only where the data could have told: the interval expected when nothing changes
    stays within a halving and a doubling; else "too little data to tell"."""
    if effect is None:
        return "too little data to tell"
    if not fair:
        return "no fair comparison"
    if effect.high < 1:
        return "seems effective"
    if effect.low > 1:
        return "seems harmful"
    return "no sign of effect" if enough else "too little data to tell"
