"""``GET /v1/situation/quarterly``: the quarterly analysis of the caller's tenant, as JSON, or as a page or
a PDF by ``Accept``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from embrace.http.dependencies import SqlStoreDep, TaxonomyDep, TenantQuery, WarehouseDep
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES, FieldError, invalid
from embrace.http.security import Reader, tenant_for
from embrace.weeks import today
from services.reporting.pages import FORMATS, as_requested, tenant_names
from services.reporting.quarterly.assembled import quarterly_body
from services.reporting.quarterly.page import render_quarterly
from services.reporting.quarterly.quarters import PATTERN, last_quarter, not_begun

QuarterQuery = Annotated[
    str | None, Query(pattern=PATTERN, description="A quarter, e.g. 2026-Q1. Default: the last.")
]


async def asked_quarter(quarter: QuarterQuery = None) -> str:
    """The quarter an analysis covers: the one asked for, else the last one; never one to come."""
    now = datetime.now(UTC)
    if quarter is not None and (why := not_begun(quarter, today(now))):
        raise invalid([FieldError("query.quarter", "quarter_not_begun", why, {"quarter": quarter})])
    return quarter or last_quarter(now)


AskedQuarter = Annotated[str, Depends(asked_quarter)]
router = APIRouter(prefix="/v1/situation", tags=["situation reports"], responses=PROBLEM_RESPONSES)


@router.get("/quarterly", responses=FORMATS)
def quarterly(
    request: Request, principal: Reader, warehouse: WarehouseDep, sql_store: SqlStoreDep,
    taxonomy: TaxonomyDep, quarter: AskedQuarter, tenant: TenantQuery = None,
) -> Any:  # fmt: skip
    """The quarter (default: the last one) against what the four before lead one to expect, area by
    area; the most common phenomena; the most affected areas, places and times; each intervention's
    effect; the areas that need extra effort next quarter, ranked, with their reasons; and the emerging
    hot and cold spot patterns of the quarter's weeks per area. A quarter to come is refused. JSON, HTML or
    PDF by `Accept`."""
    chosen = tenant_for(principal, tenant)
    analysis = quarterly_body(sql_store, warehouse, chosen, quarter, today())
    return as_requested(request, analysis, lambda: render_quarterly(
        analysis, taxonomy, negotiate(request), tenant_names(sql_store, chosen)))  # fmt: skip
