"""Interventions followed up: each one under way in a period assessed, and the weekly measurement of every
intervention of the last year published for dashboards (``embrace.intervention-effects.v1``)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from embrace.contracts import InterventionEffect
from embrace.statistics.effects import Relative
from embrace.warehouse import Warehouse
from embrace.weeks import reported_through
from services.reporting.effects.assessment import Assessment, assess
from services.reporting.effects.plans import NotMeasurable, find

FOLLOWED_DAYS = 365  # an intervention that ended longer ago than this is no longer re-measured
ACTIVE = """
SELECT intervention_id FROM {db}.interventions FINAL WHERE tenant = {tenant:String} AND NOT retracted
AND area_id != '' AND start <= {last:Date} AND (end IS NULL OR end >= {first:Date}) ORDER BY start
"""


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
    """The effect as of ``today`` (on the days reported by then) of each intervention under way within the
    last year, for dashboards."""
    since = today - timedelta(days=FOLLOWED_DAYS)
    return [as_effect(a, today) for a in assess_active(warehouse, tenant, since, reported_through(today))]


def as_effect(a: Assessment, measured_on: date) -> InterventionEffect:
    c, d, now, periods = a.counts, a.difference, datetime.now(UTC), a.periods
    earlier = a.year_earlier.target if a.year_earlier else None
    return InterventionEffect(
        event_id=uuid.uuid5(a.plan.intervention_id, measured_on.isoformat()), tenant=a.plan.tenant,
        occurred=now, published=now, intervention_id=a.plan.intervention_id, measured_on=measured_on,
        title=a.plan.title, area_id=a.plan.area_id, categories=a.plan.categories,
        before_first=periods.before[0], before_last=periods.before[1], during_first=periods.during[0],
        during_last=periods.during[1], buffer_m=a.buffer_m,
        target_before=int(c.target.before), target_during=int(c.target.during),
        buffer_before=int(c.buffer.before), buffer_during=int(c.buffer.during),
        comparison_before=int(c.control.before), comparison_during=int(c.control.during),
        comparison_kind=a.chosen.kind if a.chosen else "none",
        comparison_places=a.chosen.keys if a.chosen else [],
        comparison_fair=a.chosen.matched.fair if a.chosen else True, dispersion=round(a.dispersion.phi, 3),
        **_ratio("relative", a.target), relative_effect=_round(a.target.ratio if a.target else None),
        expected=round(a.target.expected, 1) if a.target else None,
        ring_effect=_round(a.ring.ratio if a.ring else None), **_ratio("ring", a.ring),
        detectable_fall=round(min(1.0, a.precision.detectable_fall), 3),
        year_earlier_effect=_round(earlier.ratio if earlier else None), **_ratio("year_earlier", earlier),
        wdd=round(d.estimate, 2), standard_error=round(d.standard_error, 3), z=round(d.z, 2),
        ci_low=round(d.low, 1), ci_high=round(d.high, 1),
        wdq=None if a.quotient.quotient is None else round(a.quotient.quotient, 3),
        net_effect=round(a.quotient.net_effect, 1), verdict=a.verdict,
    )  # fmt: skip


def _ratio(name: str, effect: Relative | None) -> dict[str, float | None]:
    return {f"{name}_low": _round(effect.low if effect else None),
            f"{name}_high": _round(effect.high if effect else None)}  # fmt: skip


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
