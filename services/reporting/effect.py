"""Did an intervention seem to work? Counts before and during, in the target area, in a buffer ring around it
and in a comparison area, judged by two published measures.

* The Weighted Displacement Difference (Wheeler & Ratcliffe 2018, Crime Science 7:11): the change in the
  target area less the change in its comparison area, plus the same for the buffer, in counts per unit
  time (and area, when weights are given). Counts are taken as Poisson, so the variance is the sum of the
  weighted counts; z and a normal confidence interval follow.
* The Weighted Displacement Quotient and total net effect (Bowers & Johnson 2003): how the buffer moved
  relative to the target's success (a positive quotient: diffusion of benefit; negative: displacement),
  and the incidents avoided in target and buffer together, each against the comparison area's trend.

The verdict is said honestly by the numbers: "seems effective" only when the interval lies below zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from embrace.contracts.effects import Verdict

SAID: dict[Verdict, dict[str, str]] = {  # the verdict in words, by language
    "seems effective": {"sv": "verkar ha effekt", "en": "seems effective"},
    "seems harmful": {"sv": "händelserna verkar ha ökat", "en": "incidents seem to have risen"},
    "no sign of effect": {"sv": "inga tecken på effekt", "en": "no sign of effect"},
    "too little data to tell": {"sv": "för lite data för att säga", "en": "too little data to tell"},
}
TOO_FEW = 10  # incidents in the target area before and during together, below which nothing is said


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


@dataclass(frozen=True)
class Areas:
    """The four areas' counts: target, its comparison, buffer ring, the buffer's comparison."""

    target: Counts
    control: Counts
    buffer: Counts = Counts(0, 0)
    buffer_control: Counts = Counts(0, 0)


@dataclass(frozen=True)
class Weights:
    """Lengths of the before and during periods; sizes of target, control, buffer, buffer control."""

    time: tuple[float, float] = (1.0, 1.0)
    area: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)


@dataclass(frozen=True)
class Wdd:
    estimate: float
    standard_error: float
    z: float
    low: float
    high: float


def wdd(areas: Areas, weights: Weights = Weights(), confidence: float = 0.95) -> Wdd:
    raw = (areas.target, areas.control, areas.buffer, areas.buffer_control)
    t, c, d, dc = (a.per(w, weights.time) for a, w in zip(raw, weights.area, strict=True))
    estimate = t.change - c.change + d.change - dc.change
    variance = sum(
        counts.before / (area * weights.time[0]) ** 2 + counts.during / (area * weights.time[1]) ** 2
        for counts, area in zip(raw, weights.area, strict=True)
    )
    error = math.sqrt(variance)
    z = estimate / error if error else 0.0
    half = NormalDist().inv_cdf(0.5 + confidence / 2) * error
    return Wdd(estimate, error, z, estimate - half, estimate + half)


@dataclass(frozen=True)
class Wdq:
    quotient: float | None  # None: the target did not change against its comparison area
    net_effect: float  # incidents avoided in target and buffer (positive: fewer than expected)


def wdq(areas: Areas) -> Wdq:
    t, c, d, dc = areas.target, areas.control, areas.buffer, areas.buffer_control
    success = _ratio(t.during, c.during) - _ratio(t.before, c.before)
    displaced = _ratio(d.during, dc.during) - _ratio(d.before, dc.before)
    quotient = displaced / success if success else None
    expected_target = t.before * _ratio(c.during, c.before)
    expected_buffer = d.before * _ratio(dc.during, dc.before)
    return Wdq(quotient, (expected_target - t.during) + (expected_buffer - d.during))


def verdict(areas: Areas, result: Wdd) -> Verdict:
    if areas.target.before + areas.target.during < TOO_FEW or not areas.control.before:
        return "too little data to tell"
    if result.high < 0:
        return "seems effective"
    if result.low > 0:
        return "seems harmful"
    return "no sign of effect"


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0
