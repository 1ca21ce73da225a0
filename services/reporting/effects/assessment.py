"""An intervention assessed: counted, compared fairly and judged, once, for the API, the quarterly
analysis and the weekly follow-up that stores each intervention's latest effect for dashboards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from embrace.contracts.effects import Verdict
from embrace.statistics.dispersion import POISSON, Dispersion, of_table
from embrace.statistics.displacement import Areas, Wdd, Wdq, scaled, wdq
from embrace.statistics.effects import Counts, Precision, Relative, precision, relative_effect, verdict
from embrace.warehouse import Warehouse
from services.reporting.effects.comparison import Chosen, comparison
from services.reporting.effects.counts import Calendar, Counter
from services.reporting.effects.places import surroundings
from services.reporting.effects.plans import Periods, Planned

BUFFER_M = 400.0


@dataclass(frozen=True)
class YearEarlier:
    """The same periods a year before, in the same places: a change there was not the intervention's."""

    periods: Periods
    counts: Areas
    target: Relative | None


@dataclass(frozen=True)
class Assessment:
    plan: Planned
    periods: Periods
    buffer_m: float
    chosen: Chosen | None
    counts: Areas  # target, comparison, ring, the ring's comparison (the same)
    dispersion: Dispersion
    target: Relative | None  # decides the verdict
    ring: Relative | None
    precision: Precision
    difference: Wdd  # on the comparison scaled to the target's size
    quotient: Wdq
    year_earlier: YearEarlier | None
    verdict: Verdict


def assess(
    warehouse: Warehouse, plan: Planned, through: date, buffer_m: float = BUFFER_M, named: Sequence[str] = ()
) -> Assessment:
    """Measure and judge one intervention on the days reported ``through``; :class:`NotMeasurable` when
    it cannot be."""
    periods = Periods.of(plan, through)
    around = surroundings(warehouse, plan.tenant, plan.area_id, buffer_m)
    counter = Counter(warehouse, plan, periods)
    areas = counter.areas()
    target, ring = areas.of(plan.area_id), counter.ring(around)
    chosen = comparison(counter, areas, around, periods, target, named)
    compared = chosen.daily if chosen else np.zeros(counter.calendar.days)
    counts = _counted(counter.calendar, periods, target, ring, compared)
    dispersion = chosen.matched.dispersion if chosen else POISSON
    effect = relative_effect(counts.target, counts.control, dispersion) if chosen else None
    precise = precision(counts.target.before, counts.control, dispersion)
    judged = verdict(effect, precise.enough, fair=chosen.matched.fair if chosen else True)
    ring_table = [counter.calendar.weekly(ring, periods), counter.calendar.weekly(compared, periods)]
    earlier = periods.year_earlier()
    year_earlier = None
    if chosen and counter.reaches_back_to(earlier.before[0]):
        before = _counted(counter.calendar, earlier, target, ring, compared)
        year_earlier = YearEarlier(
            earlier, before, relative_effect(before.target, before.control, dispersion)
        )
    return Assessment(
        plan, periods, buffer_m, chosen, counts, dispersion, effect,
        relative_effect(counts.buffer, counts.buffer_control, of_table(ring_table)) if chosen else None,
        precise, scaled(counts, dispersion), _quotient(counts, judged), year_earlier, judged,
    )  # fmt: skip


def _counted(calendar: Calendar, periods: Periods, target: np.ndarray, ring: np.ndarray,
             compared: np.ndarray) -> Areas:  # fmt: skip
    def counts(daily: np.ndarray) -> Counts:
        return Counts(calendar.total(daily, periods.before), calendar.total(daily, periods.during))

    control = counts(compared)
    return Areas(target=counts(target), control=control, buffer=counts(ring), buffer_control=control)


def _quotient(counts: Areas, judged: Verdict) -> Wdq:
    """Bowers & Johnson's quotient means something only where the target improved."""
    measured = wdq(counts)
    return measured if judged == "seems effective" else Wdq(None, measured.net_effect)
