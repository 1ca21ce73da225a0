"""``/v1/interventions``: register, list, read and update interventions of the tenant."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ValidationError

from embrace.contracts import Intervention
from embrace.contracts.fields import MunicipalityCode, Slug
from embrace.contracts.interventions import InterventionStatus
from embrace.http.problems import PROBLEM_RESPONSES, FieldError, ProblemError, field_errors, invalid
from embrace.http.security import FORBIDDEN, Reader, Reporter, tenant_for
from embrace.messages import NO_SUCH_INTERVENTION
from embrace.sqlstore.interventions import (
    InterventionChange,
    InterventionSubmission,
    changed_intervention,
    check_intervention,
    interventions_of,
    may_change,
    new_intervention,
    store_intervention,
)
from embrace.sqlstore.tables import StoredIntervention
from services.ingest.context import IngestDep


class InterventionOut(BaseModel):
    id: uuid.UUID
    version: int
    intervention: Intervention


class InterventionList(BaseModel):
    tenant: str
    interventions: list[InterventionOut]


router = APIRouter(prefix="/v1/interventions", tags=["interventions"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=201, response_model=InterventionOut)
def register(
    submission: InterventionSubmission, principal: Reporter, ingest: IngestDep, response: Response
) -> InterventionOut:
    """Register an intervention: what, of which type, where, when, who is responsible, against what."""
    intervention = new_intervention(submission, principal, datetime.now(UTC))
    with ingest.sql_store.session() as session:
        problems = check_intervention(session, intervention, ingest.taxonomy, ingest.places)
        if problems:
            raise invalid([FieldError.of(p) for p in problems])
        store_intervention(session, principal, intervention)
    response.headers["Location"] = f"/v1/interventions/{intervention.event_id}"
    return InterventionOut(id=intervention.event_id, version=1, intervention=intervention)


@router.get("", response_model=InterventionList)
def list_all(
    principal: Reader,
    ingest: IngestDep,
    status: InterventionStatus | None = None,
    area_id: Slug | None = None,
    tenant: Annotated[MunicipalityCode | None, Query(description="Regional users: another tenant.")] = None,
) -> InterventionList:
    """The tenant's interventions, newest change first."""
    chosen = tenant_for(principal, tenant)
    with ingest.sql_store.session() as session:
        found = [_out(s) for s in interventions_of(session, chosen)]
    found = [
        f for f in found
        if (status is None or f.intervention.status == status)
        and (area_id is None or f.intervention.place.area_id == area_id)
    ]  # fmt: skip
    return InterventionList(tenant=chosen, interventions=found)


@router.get("/{intervention_id:uuid}", response_model=InterventionOut)
def read(intervention_id: uuid.UUID, principal: Reader, ingest: IngestDep) -> InterventionOut:
    with ingest.sql_store.session() as session:
        stored = session.get(StoredIntervention, str(intervention_id))
        if stored is None or not principal.sees(stored.tenant):
            raise ProblemError(404, NO_SUCH_INTERVENTION)
        return _out(stored)


@router.patch("/{intervention_id:uuid}", response_model=InterventionOut)
def change(
    intervention_id: uuid.UUID, change: InterventionChange, principal: Reporter, ingest: IngestDep
) -> InterventionOut:
    """Update an intervention (its status, dates, place...): published as a new version."""
    with ingest.sql_store.session() as session:
        stored = session.get(StoredIntervention, str(intervention_id))
        if stored is None or stored.tenant != principal.tenant:
            raise ProblemError(404, NO_SUCH_INTERVENTION)
        if not may_change(principal, stored):
            raise ProblemError(403, FORBIDDEN, kind="forbidden")
        try:
            revised = changed_intervention(
                Intervention.model_validate(stored.payload), change, datetime.now(UTC)
            )
        except ValidationError as exc:  # the merged whole breaks a rule, e.g. end before start
            raise invalid(field_errors(exc.errors())) from None
        problems = check_intervention(session, revised, ingest.taxonomy, ingest.places)
        if problems:
            raise invalid([FieldError.of(p) for p in problems])
        store_intervention(session, principal, revised)
    return InterventionOut(id=revised.event_id, version=revised.version, intervention=revised)


def _out(stored: StoredIntervention) -> InterventionOut:
    return InterventionOut(
        id=uuid.UUID(stored.id),
        version=stored.version,
        intervention=Intervention.model_validate(stored.payload),
    )
