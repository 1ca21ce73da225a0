"""Problems as records: the ledger, a new one from what the chair gave, a change, and the checks that
name the field at fault."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.contracts.fields import Contract, LongProse, ShortProse, Slug
from embrace.contracts.loop import Causes, Feedback, Problem, ProblemFields, Scope, Step
from embrace.http.problems import FieldError
from embrace.sqlstore.ledger import Ledger
from embrace.sqlstore.loop_tables import StoredProblem
from embrace.sqlstore.place_tables import StoredArea
from embrace.sqlstore.registry import find_organisation
from embrace.sqlstore.tables import StoredIntervention
from embrace.taxonomy import Taxonomy
from embrace.topics import PROBLEMS
from embrace.weeks import this_week

LEDGER: Ledger[Problem] = Ledger(StoredProblem, PROBLEMS)


class ProblemChange(Contract):
    """What a change may say; what it leaves out stays as it was."""

    title: ShortProse | None = None
    description: LongProse | None = None
    scope: Scope | None = None
    responsible_organisation: Slug | None = None
    step: Step | None = None
    causes: Causes | None = None
    intervention_ids: list[UUID] | None = Field(default=None, max_length=50)
    feedback: LongProse | None = Field(default=None, description="A note to publish to the partners.")
    closed: bool | None = Field(
        default=None, description="true closes the problem in the week of the change; false opens it again."
    )


def new_problem(fields: ProblemFields, tenant: str, now: datetime) -> Problem:
    return Problem(event_id=uuid.uuid4(), tenant=tenant, occurred=now, published=now, **fields.model_dump())


def changed(problem: Problem, change: ProblemChange, week: str, now: datetime) -> Problem:
    """The problem with what the change says, validated as a whole; a feedback note is added to those
    published before. Closing a closed problem keeps the week it was closed in."""
    given = change.model_dump(exclude_unset=True, exclude={"feedback", "closed"})
    notes = problem.feedback + ([Feedback(text=change.feedback, week=week)] if change.feedback else [])
    closed_in = problem.closed_in
    if change.closed is not None:
        closed_in = (closed_in or this_week(now)) if change.closed else None
    return Problem.model_validate(
        {**problem.model_dump(), **given, "feedback": notes, "closed_in": closed_in, "occurred": now}
    )


def still_open(problems: Iterable[Problem]) -> list[Problem]:
    """The problems the partners still work on: neither closed nor withdrawn."""
    return [p for p in problems if p.closed_in is None and not p.retracted]


def open_problems(session: Session, tenant: str) -> list[Problem]:
    """The tenant's problems still worked on, newest change first."""
    return still_open(LEDGER.every(session, tenant))


def check(session: Session, taxonomy: Taxonomy, problem: Problem) -> list[FieldError]:
    """What in the problem names something the tenant does not have."""
    errors = [
        FieldError(f"scope.categories.{n}", "unknown_category", f"unknown category {c}", {"category": c})
        for n, c in enumerate(problem.scope.categories)
        if taxonomy.get(c) is None
    ]
    errors += _unknown(session, problem.tenant, problem.scope.area_ids)
    if find_organisation(session, problem.tenant, problem.responsible_organisation) is None:
        who = problem.responsible_organisation
        errors.append(
            FieldError(
                "responsible_organisation",
                "unknown_organisation",
                f"unknown organisation {who}",
                {"organisation": who},
            )
        )
    known = _interventions(session, problem.tenant, problem.intervention_ids)
    errors += [
        FieldError(
            f"intervention_ids.{n}",
            "unknown_intervention",
            f"unknown intervention {i}",
            {"intervention": str(i)},
        )
        for n, i in enumerate(problem.intervention_ids)
        if str(i) not in known
    ]
    return errors


def _unknown(session: Session, tenant: str, area_ids: Iterable[str]) -> list[FieldError]:
    wanted = list(area_ids)
    query = select(StoredArea.area_id).where(StoredArea.tenant == tenant, StoredArea.area_id.in_(wanted))
    known = set(session.scalars(query))
    return [
        FieldError(f"scope.area_ids.{n}", "unknown_area", f"unknown area {a}", {"area_id": a})
        for n, a in enumerate(wanted)
        if a not in known
    ]


def _interventions(session: Session, tenant: str, ids: Iterable[UUID]) -> set[str]:
    wanted = [str(i) for i in ids]
    query = select(StoredIntervention.id).where(
        StoredIntervention.tenant == tenant, StoredIntervention.id.in_(wanted)
    )
    return set(session.scalars(query))
