"""The register of interventions (insatser): a new one from what a partner or a meeting gave, a change,
the checks that name the field at fault, and storing a version with its outbox record. The API, the web
app and the quarterly meeting all register through here."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.contracts import Intervention
from embrace.contracts.fields import CategoryCode, Contract, LongText, ShortText, Slug
from embrace.contracts.interventions import InterventionFields, InterventionPlace, InterventionStatus
from embrace.sqlstore.credentials import Principal
from embrace.sqlstore.outbox import enqueue
from embrace.sqlstore.place_tables import StoredArea
from embrace.sqlstore.registry import find_organisation
from embrace.sqlstore.tables import StoredIntervention
from embrace.taxonomy import Taxonomy
from embrace.topics import INTERVENTIONS
from embrace.validation import Places, Problem


class InterventionSubmission(InterventionFields):
    responsible_organisation: Slug | None = Field(
        None, description="An organisation of the tenant; default: yours."
    )


class InterventionChange(Contract):
    """A change names only what changes."""

    title: ShortText | None = None
    kind: CategoryCode | None = None
    description: LongText | None = None
    place: InterventionPlace | None = None
    start: date | None = None
    end: date | None = None
    status: InterventionStatus | None = None
    targeted_categories: list[CategoryCode] | None = Field(None, max_length=50)
    responsible_organisation: Slug | None = None


def new_intervention(submission: InterventionSubmission, principal: Principal, now: datetime) -> Intervention:
    fields = submission.model_dump(exclude={"responsible_organisation"})
    return Intervention(
        event_id=uuid.uuid4(),
        tenant=principal.tenant,
        occurred=now,
        published=now,
        responsible_organisation=submission.responsible_organisation or principal.organisation,
        **fields,
    )


def changed_intervention(current: Intervention, change: InterventionChange, now: datetime) -> Intervention:
    updates: dict[str, Any] = change.model_dump(exclude_unset=True)
    merged = {
        **current.model_dump(),
        **updates,
        "version": current.version + 1,
        "occurred": now,
        "published": now,
    }
    return Intervention.model_validate(merged)


def check_intervention(
    session: Session, intervention: Intervention, taxonomy: Taxonomy, places: Places
) -> list[Problem]:
    problems: list[Problem] = []
    kind = taxonomy.get(intervention.kind)
    if kind is None or kind.group != "intervention":
        problems.append(
            Problem("kind", "unknown_intervention_type", f"unknown intervention type {intervention.kind!r}",
                    {"kind": intervention.kind})
        )  # fmt: skip
    for index, code in enumerate(intervention.targeted_categories):
        category = taxonomy.get(code)
        if category is None or category.group == "intervention":
            problems.append(
                Problem(f"targeted_categories.{index}", "unknown_category", f"unknown category {code!r}",
                        {"category": code})
            )  # fmt: skip
    area_id = intervention.place.area_id
    if area_id is not None and not area_known(session, intervention.tenant, area_id):
        problems.append(
            Problem("place.area_id", "unknown_area", f"unknown area {area_id!r}", {"area_id": area_id})
        )
    point = intervention.place.point
    if point is not None and not places.in_sweden(point):
        problems.append(Problem("place.point", "outside_sweden", "the point is not in Sweden"))
    responsible = intervention.responsible_organisation
    if find_organisation(session, intervention.tenant, responsible) is None:
        detail = f"unknown organisation {responsible!r}"
        params = {"organisation": responsible}
        problems.append(Problem("responsible_organisation", "unknown_organisation", detail, params))
    return problems


def area_known(session: Session, tenant: str, area_id: str) -> bool:
    """An area id is known if the tenant registered it; a tenant without areas accepts any id."""
    ids = set(session.scalars(select(StoredArea.area_id).where(StoredArea.tenant == tenant)))
    return not ids or area_id in ids


def store_intervention(session: Session, principal: Principal, intervention: Intervention) -> None:
    stored = session.get(StoredIntervention, str(intervention.event_id))
    if stored is None:
        stored = StoredIntervention(
            id=str(intervention.event_id),
            tenant=intervention.tenant,
            organisation_id=principal.organisation_id,
        )
        session.add(stored)
    stored.version = intervention.version
    stored.updated_at = intervention.occurred
    stored.payload = intervention.model_dump(mode="json")
    enqueue(session, [INTERVENTIONS.record(intervention)])


def may_change(principal: Principal, stored: StoredIntervention) -> bool:
    """The organisation that registered it, the one responsible, or an admin of the tenant."""
    return (
        principal.role == "admin"
        or principal.organisation_id == stored.organisation_id
        or principal.organisation == stored.payload.get("responsible_organisation")
    )


def interventions_of(session: Session, tenant: str) -> list[StoredIntervention]:
    return list(
        session.scalars(select(StoredIntervention).where(StoredIntervention.tenant == tenant).order_by(
            StoredIntervention.updated_at.desc()))
    )  # fmt: skip
