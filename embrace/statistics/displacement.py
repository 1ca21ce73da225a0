"""The displacement measures of crime-prevention evaluation, in counts.

* The Weighted Displacement Difference (Wheeler & Ratcliffe 2018, Crime Science 7:11): the change in the
  target area less the change in its comparison area, plus the same for the buffer ring, in counts per
  unit time (and area, when weights are given). Its variance is the sum of the weighted counts, times
  the dispersion; z and a normal interval follow. Its authors assume a comparison of about the target's
  size: :func:`scaled` weights the comparison to the target's "before" (and the ring's), which is how the
  platform gives it.
* The Weighted Displacement Quotient and total net effect (Bowers & Johnson 2003): how the ring moved
  against the target's success (positive: diffusion of benefit; negative: displacement), and the
  incidents avoided in target and ring together, each against the comparison's trend. The quotient is
  defined only where the target improved against its comparison.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from embrace.statistics.dispersion import POISSON, Dispersion
from embrace.statistics.effects import Counts

NOTHING = Counts(0, 0)


@dataclass(frozen=True)
class Areas:
    """The four areas' counts: target, its comparison, buffer ring, the buffer's comparison."""

    target: Counts
    control: Counts
    buffer: Counts = NOTHING
    buffer_control: Counts = NOTHING


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


def wdd(
    areas: Areas, weights: Weights = Weights(), confidence: float = 0.95, dispersion: Dispersion = POISSON
) -> Wdd:
    raw = (areas.target, areas.control, areas.buffer, areas.buffer_control)
    t, c, d, dc = (a.per(w, weights.time) for a, w in zip(raw, weights.area, strict=True))
    estimate = t.change - c.change + d.change - dc.change
    variance = dispersion.phi * sum(
        counts.before / (area * weights.time[0]) ** 2 + counts.during / (area * weights.time[1]) ** 2
        for counts, area in zip(raw, weights.area, strict=True)
    )
    error = math.sqrt(variance)
    z = estimate / error if error else 0.0
    half = NormalDist().inv_cdf(0.5 + confidence / 2) * error
    return Wdd(estimate, error, z, estimate - half, estimate + half)


def scaled(areas: Areas, dispersion: Dispersion = POISSON) -> Wdd:
    """The WDD with each comparison weighted to the size of what it is compared with (its "before")."""
    target = areas.control.before / areas.target.before if areas.target.before else 1.0
    ring = areas.buffer_control.before / areas.buffer.before if areas.buffer.before else 1.0
    return wdd(areas, Weights(area=(1.0, target or 1.0, 1.0, ring or 1.0)), dispersion=dispersion)


@dataclass(frozen=True)
class Wdq:
    quotient: float | None  # None: the target did not improve against its comparison
    net_effect: float  # incidents avoided in target and buffer (positive: fewer than expected)


def wdq(areas: Areas) -> Wdq:
    t, c, d, dc = areas.target, areas.control, areas.buffer, areas.buffer_control
    success = _ratio(t.during, c.during) - _ratio(t.before, c.before)
    displaced = _ratio(d.during, dc.during) - _ratio(d.before, dc.before)
    quotient = displaced / success if success < 0 else None
    expected_target = t.before * _ratio(c.during, c.before)
    expected_buffer = d.before * _ratio(dc.during, dc.before)
    return Wdq(quotient, (expected_target - t.during) + (expected_buffer - d.during))


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0
