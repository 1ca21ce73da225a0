"""What minutes may name: only what the tenant has. Another tenant's problem, area, organisation or
intervention is refused as unknown, as is a category no incident can carry."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.http.dependencies import unknown_categories
from embrace.http.problems import FieldError
from embrace.sqlstore.place_tables import StoredArea
from embrace.sqlstore.registry import find_organisation
from embrace.sqlstore.tables import StoredIntervention
from embrace.taxonomy import Taxonomy
from services.reporting.problems.records import LEDGER as PROBLEMS

if TYPE_CHECKING:  # the minutes' records plan interventions, which these checks serve too
    from services.reporting.meetings.records import Minutes


def unknown(session: Session, tenant: str, minutes: Minutes, taxonomy: Taxonomy) -> list[FieldError]:
    """Each field of the minutes naming what the tenant does not have."""
    known = _Known(session, tenant)
    errors = [e for n, decision in enumerate(minutes.decisions)
              for e in known.problem(f"decisions.{n}", decision.problem_id)]  # fmt: skip
    for n, task in enumerate(minutes.tasks):
        at = f"tasks.{n}"
        errors += [*known.organisation(at, task.organisation), *known.area(at, task.area_id),
                   *known.problem(at, task.problem_id),
                   *known.intervention(at, task.intervention_id)]  # fmt: skip
    for n, priority in enumerate(minutes.priorities):
        at = f"priorities.{n}"
        errors += [*known.area(at, priority.area_id), *known.problem(at, priority.problem_id),
                   *unknown_categories(taxonomy, priority.categories, f"{at}.categories")]  # fmt: skip
    return errors


def unknown_problem(session: Session, tenant: str, at: str, problem_id: UUID | None) -> list[FieldError]:
    """The fault of naming a problem the tenant does not have at ``at`` (none when none is named)."""
    if not problem_id or PROBLEMS.get(session, tenant, problem_id) is not None:
        return []
    return [
        FieldError(f"{at}.problem_id", "unknown_problem", "unknown problem", {"problem": str(problem_id)})
    ]


class _Known:
    """The tenant's things, asked one named thing at a time: the fault of naming it, if it is not
    the tenant's (none when nothing is named)."""

    def __init__(self, session: Session, tenant: str) -> None:
        self.session, self.tenant = session, tenant
        self.areas = set(session.scalars(select(StoredArea.area_id).where(StoredArea.tenant == tenant)))

    def area(self, at: str, area_id: str | None) -> list[FieldError]:
        if not area_id or area_id in self.areas:
            return []
        return [FieldError(f"{at}.area_id", "unknown_area", f"unknown area {area_id}", {"area_id": area_id})]

    def problem(self, at: str, problem_id: UUID | None) -> list[FieldError]:
        return unknown_problem(self.session, self.tenant, at, problem_id)

    def organisation(self, at: str, slug: str) -> list[FieldError]:
        if find_organisation(self.session, self.tenant, slug) is not None:
            return []
        return [FieldError(f"{at}.organisation", "unknown_organisation", f"unknown organisation {slug}",
                           {"organisation": slug})]  # fmt: skip

    def intervention(self, at: str, intervention_id: UUID | None) -> list[FieldError]:
        stored = self.session.get(StoredIntervention, str(intervention_id)) if intervention_id else None
        if not intervention_id or (stored is not None and stored.tenant == self.tenant):
            return []
        return [FieldError(f"{at}.intervention_id", "unknown_intervention", "unknown intervention",
                           {"intervention": str(intervention_id)})]  # fmt: skip
