"""The interventions a quarterly meeting plans: registered in the intervention register as any partner's
are (the same checks, the same outbox), each linked to the problem it answers."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy.orm import Session

from embrace.http.problems import FieldError, invalid
from embrace.sqlstore.boundaries import places
from embrace.sqlstore.credentials import Principal
from embrace.sqlstore.interventions import (
    InterventionSubmission,
    check_intervention,
    new_intervention,
    store_intervention,
)
from embrace.taxonomy import Taxonomy
from services.reporting.meetings.checks import unknown_problem
from services.reporting.problems.records import LEDGER as PROBLEMS


class PlannedIntervention(InterventionSubmission):
    problem_id: UUID | None = None


def register(session: Session, principal: Principal, taxonomy: Taxonomy, planned: list[PlannedIntervention],
             now: datetime) -> list[UUID]:  # fmt: skip
    """Register every planned intervention, or none when any is wrong (422 naming each field)."""
    known = places(session)
    made, errors = [], []
    for n, plan in enumerate(planned):
        intervention = new_intervention(
            InterventionSubmission(**plan.model_dump(exclude={"problem_id"})), principal, now
        )
        errors += [FieldError.of(p, f"interventions.{n}.")
                   for p in check_intervention(session, intervention, taxonomy, known)]  # fmt: skip
        errors += unknown_problem(session, principal.tenant, f"interventions.{n}", plan.problem_id)
        made.append((intervention, plan.problem_id))
    if errors:
        raise invalid(errors)
    for intervention, problem_id in made:
        store_intervention(session, principal, intervention)
        problem = PROBLEMS.get(session, principal.tenant, problem_id) if problem_id else None
        if problem is not None:
            linked = [*problem.intervention_ids, intervention.event_id]
            PROBLEMS.save(
                session, problem.model_copy(update={"intervention_ids": linked, "occurred": now}), now
            )
    return [intervention.event_id for intervention, _ in made]
