"""The comparison an intervention is judged against.

By default the places whose weeks before it moved most like the target's (:mod:`embrace.statistics.matching`):
the tenant's areas that do not touch the buffer ring, or, where none of them is of a comparable level,
H3 cells of resolution 7 that do not touch it. Or the areas the user names (``comparison=``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from embrace.statistics.matching import Comparison, choose, pooled
from services.reporting.effects.counts import Counter, Daily
from services.reporting.effects.places import Surroundings
from services.reporting.effects.plans import NotMeasurable, Periods

Kind = Literal["areas", "cells", "named"]


@dataclass(frozen=True)
class Chosen:
    kind: Kind
    matched: Comparison
    daily: np.ndarray  # the chosen places' counts pooled, day by day

    @property
    def keys(self) -> list[str]:
        return [m.key for m in self.matched.chosen]


def comparison(
    counter: Counter, areas: Daily, around: Surroundings, periods: Periods, target: np.ndarray,
    named: Sequence[str] = (),
) -> Chosen | None:  # fmt: skip
    """The comparison for the target's daily counts; None when no place has incidents to compare with."""
    calendar = counter.calendar
    mine = calendar.weekly(target, periods)
    if named:
        if set(named) - around.known:
            unknown = ", ".join(sorted(set(named) - around.known))
            raise NotMeasurable(f"not areas of the tenant: {unknown}", "query.comparison")
        matched = pooled(mine, {a: calendar.weekly(areas.of(a), periods) for a in named})
        return Chosen("named", matched, areas.pooled(list(named)))
    found = choose(mine, {a: calendar.weekly(areas.of(a), periods) for a in around.candidates},
                   around.overlapping)  # fmt: skip
    if found is not None and found.comparable:
        return Chosen("areas", found, areas.pooled([m.key for m in found.chosen]))
    cells = counter.cells()
    clear = around.clear_cells(cells.series)
    by_cell = choose(mine, {c: calendar.weekly(cells.of(c), periods) for c in clear})
    if by_cell is not None and (by_cell.comparable or found is None):
        return Chosen("cells", by_cell, cells.pooled([m.key for m in by_cell.chosen]))
    if found is None:
        return None
    return Chosen("areas", found, areas.pooled([m.key for m in found.chosen]))
