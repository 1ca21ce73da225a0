"""``/v1/meetings``: the weekly meeting's agenda and minutes, the quarterly meeting's decisions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from embrace.contracts.fields import IsoWeek
from embrace.contracts.loop import Meeting
from embrace.http.dependencies import SqlStoreDep, TaxonomyDep, TenantQuery, WarehouseDep
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES
from embrace.http.security import Chair, Reader, tenant_for
from services.reporting.meetings import service
from services.reporting.meetings.minutes_page import minutes_page, quarterly_minutes_page
from services.reporting.meetings.records import Minutes
from services.reporting.pages import FORMATS, as_requested
from services.reporting.quarterly.quarters import PATTERN

Quarter = Annotated[str, Path(pattern=PATTERN, description="e.g. 2026-Q2")]
router = APIRouter(prefix="/v1/meetings", tags=["working loop"], responses=PROBLEM_RESPONSES)


@router.get("/weekly/{week}")
def weekly(
    request: Request,
    week: IsoWeek,
    principal: Reader,
    sql_store: SqlStoreDep,
    warehouse: WarehouseDep,
    taxonomy: TaxonomyDep,
    tenant: TenantQuery = None,
) -> Any:
    """The meeting held in ``week``: an agenda from last week's report (how the last meeting's tasks went,
    notable changes, alerts, open problems, tasks due and overdue, partners yet to report) and its
    minutes. JSON, or the minutes as a page or PDF by ``Accept``."""
    chosen = tenant_for(principal, tenant)
    meeting = service.weekly(sql_store, warehouse, chosen, week)
    language = negotiate(request)
    return as_requested(
        request, meeting, lambda: minutes_page(sql_store, taxonomy, chosen, meeting, language)
    )


@router.post("/weekly/{week}", response_model=Meeting)
def record_weekly(
    week: IsoWeek, minutes: Minutes, principal: Chair, sql_store: SqlStoreDep, taxonomy: TaxonomyDep,
) -> Meeting:  # fmt: skip
    """Record the meeting's decisions and who was there, and give its tasks (each added to those given
    before): organisation, text, due week, and optionally an area, a problem or an intervention."""
    return service.record(sql_store, principal, "weekly", week, minutes, taxonomy)


@router.get("/quarterly/{quarter}", responses=FORMATS)
def quarterly(
    request: Request,
    quarter: Quarter,
    principal: Reader,
    sql_store: SqlStoreDep,
    warehouse: WarehouseDep,
    taxonomy: TaxonomyDep,
    tenant: TenantQuery = None,
) -> Any:
    """The meeting about ``quarter``: the computed ranking of areas as a proposal, the priorities it
    decided (for the quarter after, `for_quarter`), the interventions it planned, and what the meeting
    before decided and what came of it. JSON, or the minutes as a page or PDF by ``Accept``."""
    chosen = tenant_for(principal, tenant)
    meeting = service.quarterly(sql_store, warehouse, chosen, quarter)
    language = negotiate(request)
    return as_requested(
        request, meeting, lambda: quarterly_minutes_page(sql_store, taxonomy, chosen, meeting, language)
    )


@router.post("/quarterly/{quarter}", response_model=Meeting)
def record_quarterly(
    quarter: Quarter, minutes: Minutes, principal: Chair, sql_store: SqlStoreDep, taxonomy: TaxonomyDep,
) -> Meeting:  # fmt: skip
    """Record the priority areas decided for the next quarter, with reasons and the causes seen per
    phenomenon (linked to problems), the decisions, and the interventions planned: each is registered
    as `POST /v1/interventions` would (the same checks, `interventions.N.<field>` in errors) and linked
    to its problem."""
    return service.record(sql_store, principal, "quarterly", quarter, minutes, taxonomy)
