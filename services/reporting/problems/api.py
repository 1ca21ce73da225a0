"""``/v1/problems``: the tenant's local problems, each with its steps' evidence; the chair records them."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from embrace.contracts.loop import Problem, ProblemFields, Step
from embrace.http.dependencies import (
    SqlStoreDep,
    TaxonomyDep,
    TenantQuery,
    WarehouseDep,
    WeekQuery,
)
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES
from embrace.http.security import Chair, Reader, tenant_for
from embrace.weeks import last_week
from services.reporting.problems import service
from services.reporting.problems.records import LEDGER, ProblemChange


class ProblemOut(BaseModel):
    id: uuid.UUID
    version: int
    problem: Problem


class ProblemList(BaseModel):
    tenant: str
    problems: list[ProblemOut]


router = APIRouter(prefix="/v1/problems", tags=["working loop"], responses=PROBLEM_RESPONSES)


def _out(problem: Problem) -> ProblemOut:
    return ProblemOut(id=problem.event_id, version=problem.version, problem=problem)


@router.post("", status_code=201, response_model=ProblemOut)
def create(
    fields: ProblemFields,
    principal: Chair,
    sql_store: SqlStoreDep,
    taxonomy: TaxonomyDep,
    response: Response,
) -> ProblemOut:
    """Record a local problem: its scope (areas, categories, hours, weekdays) and who is responsible."""
    problem = service.create(sql_store, taxonomy, principal.tenant, fields)
    response.headers["Location"] = f"/v1/problems/{problem.event_id}"
    return _out(problem)


@router.get("", response_model=ProblemList)
def list_all(
    principal: Reader,
    sql_store: SqlStoreDep,
    step: Step | None = None,
    closed: bool | None = None,
    tenant: TenantQuery = None,
) -> ProblemList:
    """The tenant's problems, newest change first; ``closed=false`` only those still open."""
    chosen = tenant_for(principal, tenant)
    with sql_store.session() as session:
        found = LEDGER.every(session, chosen)
    return ProblemList(tenant=chosen, problems=[
        _out(p) for p in found
        if (step is None or p.step == step) and (closed is None or closed == (p.closed_in is not None))
    ])  # fmt: skip


@router.get("/{problem_id:uuid}")
def read(
    request: Request,
    problem_id: uuid.UUID,
    principal: Reader,
    sql_store: SqlStoreDep,
    warehouse: WarehouseDep,
    week: WeekQuery = None,
    tenant: TenantQuery = None,
) -> dict[str, Any]:
    """The problem and its five steps' evidence: the mapping (weekly counts in scope against the tenant,
    when, where, perceived safety), the analysis of causes, the linked interventions, their effects, and
    the feedback published; the tasks given on it."""
    problem = service.read(sql_store, tenant_for(principal, tenant), problem_id)
    return service.with_evidence(sql_store, warehouse, problem, week or last_week(), negotiate(request))


@router.patch("/{problem_id:uuid}", response_model=ProblemOut)
def change(
    problem_id: uuid.UUID,
    what: ProblemChange,
    principal: Chair,
    sql_store: SqlStoreDep,
    taxonomy: TaxonomyDep,
) -> ProblemOut:
    """Move the problem on a step, record its causes, link interventions, publish a feedback note, or
    close it (``closed``: solved, or no longer worked on; it leaves the weekly agenda) and open it again."""
    problem = service.change(sql_store, taxonomy, principal.tenant, problem_id, what)
    return _out(problem)
