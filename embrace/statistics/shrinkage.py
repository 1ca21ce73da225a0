"""Rises of many areas at once, each shrunk towards the whole tenant's by how much its own count can say
(empirical Bayes, Marshall 1991): an area going from 1 to 5 incidents has risen fivefold by its counts,
but its count says little, so its estimate stays near the tenant's; an area going from 100 to 150 keeps
most of its own rise.

Each area's count ``o`` against its expected ``e`` (its mean of earlier periods) has a rate ratio ``θ``
with a gamma prior fitted to all areas by moments: mean ``m = Σo/Σe``, variance ``Σe(o/e − m)²/Σe − m/ē``
(what the ratios vary beyond their Poisson noise). Counts and expectations are first divided by the
areas' over-dispersion (quasi-Poisson: the counts weigh what a Poisson count of that precision would).
The posterior is gamma, and its credible interval states how sure the rise is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy

WEAKEST = 0.05  # the prior's smallest variance over its mean squared (a spread of ±22 %): never a certainty


@dataclass(frozen=True)
class Shrunk:
    ratio: float  # the posterior mean of this period over the expected
    low: float
    high: float


def rate_ratios(
    observed: Sequence[float], expected: Sequence[float], dispersion: float = 1.0, credible: float = 0.9
) -> list[Shrunk]:
    o = np.asarray(observed, dtype=float) / dispersion
    e = np.asarray(expected, dtype=float) / dispersion
    if not o.size or e.sum() <= 0:
        return [Shrunk(1.0, 0.0, float("inf")) for _ in o]
    mean = max(o.sum() / e.sum(), 1e-9)
    known = e > 0
    ratios = o[known] / e[known]
    spread = (e[known] * (ratios - mean) ** 2).sum() / e[known].sum() - mean / e[known].mean()
    variance = max(float(spread), WEAKEST * mean**2, 1e-12)
    shape, rate = mean**2 / variance, mean / variance
    tail = (1 - credible) / 2
    shrunk = []
    for oi, ei in zip(o, e, strict=True):
        posterior = scipy.stats.gamma(shape + oi, scale=1 / (rate + ei))
        shrunk.append(Shrunk(float(posterior.mean()), float(posterior.ppf(tail)), float(posterior.isf(tail))))
    return shrunk
