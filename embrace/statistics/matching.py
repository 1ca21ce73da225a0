"""A fair comparison for an intervention's area: places whose weekly counts before it moved like the
target's, at a comparable level.

Each candidate (an area, or an H3 cell, that does not touch the target's buffer ring) is described by its
weekly counts over the weeks before the intervention: its **level** (incidents a week) and its **trend**
(the log of its second half's count over its first half's). Candidates within a factor of
:data:`LEVEL_BAND` of the target's level are ranked by how far their trend lies from the target's, plus a
quarter of how far their level does (both on the log scale; a trend apart matters more than a size
apart), and the closest :data:`MOST` that do not overlap each other are pooled. Where none is of a
comparable level the closest are taken, and the reason says so.

The pooled comparison is then tested as the effect itself will be: its change from the first half to
the second against the target's, as a ratio of ratios with its interval. A comparison whose trend
before differed beyond chance is not fair, and the effect is not judged on it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from embrace.statistics.dispersion import Dispersion, of_table
from embrace.statistics.effects import Counts, relative_effect

LEVEL_BAND = 4.0
MOST = 5
LEVEL_WEIGHT = 0.25


@dataclass(frozen=True)
class Profile:
    """A place's weekly counts before the intervention, summed up."""

    level: float  # incidents a week
    trend: float  # log(second half / first half), half an incident added to each

    @classmethod
    def of(cls, weekly: Sequence[int] | np.ndarray) -> Profile:
        y = np.asarray(weekly, dtype=float)
        half = y.size // 2
        first, second = y[: y.size - half].sum(), y[y.size - half :].sum()
        return cls(float(y.mean()) if y.size else 0.0, math.log((second + 0.5) / (first + 0.5)))


@dataclass(frozen=True)
class Match:
    key: str
    profile: Profile
    distance: float


@dataclass(frozen=True)
class Comparison:
    chosen: list[Match]
    considered: int
    comparable: bool  # the chosen are within the level band
    weekly: np.ndarray  # the chosen pooled, week by week
    fair: bool  # their trend before did not differ from the target's beyond chance
    trend_ratio: float  # the target's change from first to second half, over the comparison's
    dispersion: Dispersion  # of target and comparison against each other before


def distance(target: Profile, candidate: Profile) -> float:
    level = math.log(max(candidate.level, 1e-9) / max(target.level, 1e-9))
    return abs(candidate.trend - target.trend) + LEVEL_WEIGHT * abs(level)


def choose(
    target: Sequence[int] | np.ndarray,
    candidates: Mapping[str, Sequence[int] | np.ndarray],
    overlapping: Callable[[str, str], bool] = lambda _a, _b: False,
    most: int = MOST,
) -> Comparison | None:
    """The comparison for ``target``'s weekly counts among ``candidates`` (the same weeks); None when no
    candidate had a single incident in those weeks."""
    mine = Profile.of(target)
    ranked = sorted(
        (Match(key, p, distance(mine, p)) for key, weekly in candidates.items()
         if (p := Profile.of(weekly)).level > 0),
        key=lambda m: (not _comparable(mine, m.profile), m.distance, m.key),
    )  # fmt: skip
    if not ranked:
        return None
    comparable = _comparable(mine, ranked[0].profile)
    chosen: list[Match] = []
    for match in ranked:
        if len(chosen) == most or (comparable and not _comparable(mine, match.profile)):
            break
        if not any(overlapping(match.key, other.key) for other in chosen):
            chosen.append(match)
    pooled = np.sum([np.asarray(candidates[m.key], dtype=float) for m in chosen], axis=0)
    return _tested(np.asarray(target, dtype=float), pooled, chosen, len(ranked), comparable)


def pooled(
    target: Sequence[int] | np.ndarray, candidates: Mapping[str, Sequence[int] | np.ndarray]
) -> Comparison:
    """The comparison someone named: every one of ``candidates`` pooled, tested as a chosen one is."""
    mine = Profile.of(target)
    named = [
        Match(key, p, distance(mine, p)) for key, weekly in candidates.items() for p in [Profile.of(weekly)]
    ]
    total = np.sum([np.asarray(w, dtype=float) for w in candidates.values()], axis=0)
    comparable = _comparable(mine, Profile.of(total / max(len(named), 1)))
    return _tested(np.asarray(target, dtype=float), total, named, len(named), comparable)


def _comparable(target: Profile, candidate: Profile) -> bool:
    return target.level <= 0 or 1 / LEVEL_BAND <= candidate.level / target.level <= LEVEL_BAND


def _tested(target: np.ndarray, pooled: np.ndarray, chosen: list[Match], considered: int,
            comparable: bool) -> Comparison:  # fmt: skip
    dispersion = of_table(np.vstack([target, pooled]))
    half = target.size // 2
    cut = target.size - half
    before = relative_effect(Counts(target[:cut].sum(), target[cut:].sum()),
                             Counts(pooled[:cut].sum(), pooled[cut:].sum()), dispersion)  # fmt: skip
    fair = before is None or before.low <= 1 <= before.high
    ratio = before.ratio if before else 1.0
    return Comparison(chosen, considered, comparable, pooled, fair, ratio, dispersion)
