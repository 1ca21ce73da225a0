"""An intervention assessed: its counts measured and judged, once, for the API, the quarterly analysis and
the weekly follow-up that stores each intervention's latest effect for dashboards."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from embrace.contracts import InterventionEffect
from embrace.contracts.effects import Verdict
from embrace.warehouse import Warehouse
from services.reporting.effect import Wdd, Wdq, verdict, wdd, wdq
from services.reporting.effect_counts import Measured, NotMeasurable, Planned, find, measure

BUFFER_M = 400.0
FOLLOWED_DAYS = 365  # an intervention that ended longer ago than this is no longer re-measured
ACTIVE = """
SELECT intervention_id FROM {db}.interventions FINAL WHERE tenant = {tenant:String} AND NOT retracted
AND area_id != '' AND start <= {last:Date} AND (end IS NULL OR end >= {first:Date}) ORDER BY start
"""


@dataclass(frozen=True)
class Assessment:
    intervention_id: uuid.UUID
    measured: Measured
    buffer_m: float
    difference: Wdd
    quotient: Wdq
    verdict: Verdict

    def as_effect(self, measured_on: date) -> InterventionEffect:
        m, d, now = self.measured, self.difference, datetime.now(UTC)
        return InterventionEffect(
            event_id=uuid.uuid5(self.intervention_id, measured_on.isoformat()), tenant=m.tenant,
            occurred=now, published=now, intervention_id=self.intervention_id, measured_on=measured_on,
            title=m.title, area_id=m.area_id, categories=m.categories,
            before_first=m.before[0], before_last=m.before[1], during_first=m.during[0],
            during_last=m.during[1], buffer_m=self.buffer_m,
            target_before=int(m.areas.target.before), target_during=int(m.areas.target.during),
            buffer_before=int(m.areas.buffer.before), buffer_during=int(m.areas.buffer.during),
            comparison_before=int(m.areas.control.before), comparison_during=int(m.areas.control.during),
            wdd=d.estimate, standard_error=round(d.standard_error, 3), z=round(d.z, 2),
            ci_low=round(d.low, 1), ci_high=round(d.high, 1),
            wdq=None if self.quotient.quotient is None else round(self.quotient.quotient, 3),
            net_effect=round(self.quotient.net_effect, 1), verdict=self.verdict,
        )  # fmt: skip


def assess(
    warehouse: Warehouse, plan: Planned, today: date, buffer_m: float = BUFFER_M, compared: Sequence[str] = ()
) -> Assessment:
    """Measure and judge one intervention; :class:`NotMeasurable` when it cannot be."""
    measured = measure(warehouse, plan, today, buffer_m, compared)
    difference = wdd(measured.areas)
    return Assessment(plan.intervention_id, measured, buffer_m, difference, wdq(measured.areas),
                      verdict(measured.areas, difference))  # fmt: skip


def assess_active(warehouse: Warehouse, tenant: str, first: date, last: date) -> list[Assessment]:
    """Each of the tenant's interventions with an area that was under way between ``first`` and ``last``,
    measured up to ``last``; those that cannot be measured are left out."""
    assessed = []
    for (intervention_id,) in warehouse.query(ACTIVE, {"tenant": tenant, "first": first, "last": last}):
        plan = find(warehouse, intervention_id)
        if plan is None:
            continue
        try:
            assessed.append(assess(warehouse, plan, last))
        except NotMeasurable:
            continue
    return assessed


def follow_up(warehouse: Warehouse, tenant: str, today: date) -> list[InterventionEffect]:
    """The effect as of ``today`` of each intervention under way within the last year, for dashboards."""
    since = today - timedelta(days=FOLLOWED_DAYS)
    return [a.as_effect(today) for a in assess_active(warehouse, tenant, since, today)]
