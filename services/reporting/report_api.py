"""``GET /v1/reports/weekly``: the weekly situation report of the caller's tenant (a regional caller names
one), as JSON, or as a self-contained HTML page or a PDF by ``Accept``, in Swedish or English."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from embrace.access import sees_every_tenant
from embrace.directory import Directory
from embrace.directory.tables import Tenant
from embrace.http.dependencies import DirectoryDep, TaxonomyDep, TenantQuery, WarehouseDep, WeekQuery
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES, ProblemError
from embrace.http.security import OTHER_TENANT, Reader, tenant_for
from embrace.weeks import last_week
from services.reporting.pages import render_pdf
from services.reporting.quarterly_html import render_quarterly
from services.reporting.quarterly_report import quarterly_report
from services.reporting.quarters import PATTERN, last_quarter
from services.reporting.weekly_html import render_html
from services.reporting.weekly_report import REGION, weekly_report

QuarterQuery = Annotated[
    str | None, Query(pattern=PATTERN, description="A quarter, e.g. 2026-Q1. Default: the last.")
]
REGION_NAME = {"sv": "Regionen (alla kommuner)", "en": "The region (every municipality)"}
FORMATS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, "text/html": {}, "application/pdf": {}}}
}


def report_router() -> APIRouter:
    router = APIRouter(prefix="/v1/reports", tags=["reporting"], responses=PROBLEM_RESPONSES)

    @router.get("/weekly", responses=FORMATS)
    def weekly(
        request: Request, principal: Reader, warehouse: WarehouseDep, directory: DirectoryDep,
        taxonomy: TaxonomyDep, week: WeekQuery = None, tenant: TenantQuery = None,
    ) -> Any:  # fmt: skip
        """Last week (or `week`) against the 4 and 12 weeks before and the same week a year earlier, by
        category group, category, area and source, judged by the Poisson z-score; the most affected
        H3 cells; hour x weekday, part of day and darkness; alerts; interventions active, planned and
        ended; the latest perceived safety of the areas most affected; and the sources it rests on.
        `Accept: text/html` or `application/pdf` give the page to read or print."""
        chosen = tenant_for(principal, tenant)
        report = weekly_report(warehouse, chosen, week or last_week())
        accept = request.headers.get("accept", "")
        if "text/html" not in accept and "application/pdf" not in accept:
            return report.as_json()
        name = tenant_name(directory, chosen)
        return _page(render_html(report, taxonomy, negotiate(request), name), accept)

    @router.get("/weekly/region", responses=FORMATS)
    def regional(
        request: Request, principal: Reader, warehouse: WarehouseDep, taxonomy: TaxonomyDep,
        week: WeekQuery = None,
    ) -> Any:  # fmt: skip
        """The weekly situation report of the whole region (every tenant), for regional keys: the same
        parts, and the comparison by municipality. JSON, HTML or PDF by `Accept`."""
        if not sees_every_tenant(principal.role):
            raise ProblemError(403, OTHER_TENANT, kind="forbidden")
        report = weekly_report(warehouse, REGION, week or last_week())
        accept = request.headers.get("accept", "")
        if "text/html" not in accept and "application/pdf" not in accept:
            return report.as_json()
        language = negotiate(request)
        return _page(render_html(report, taxonomy, language, REGION_NAME[language]), accept)

    @router.get("/quarterly", responses=FORMATS)
    def quarterly(
        request: Request, principal: Reader, warehouse: WarehouseDep, directory: DirectoryDep,
        taxonomy: TaxonomyDep, quarter: QuarterQuery = None, tenant: TenantQuery = None,
    ) -> Any:  # fmt: skip
        """The quarter (default: the last one) against the four before it, area by area; the most common
        phenomena; the most affected areas, places and times; each intervention's effect; and the areas
        that need extra effort next quarter, ranked, with their reasons. JSON, HTML or PDF by `Accept`."""
        chosen = tenant_for(principal, tenant)
        today = datetime.now(UTC).date()
        analysis = quarterly_report(warehouse, chosen, quarter or last_quarter(datetime.now(UTC)), today)
        accept = request.headers.get("accept", "")
        if "text/html" not in accept and "application/pdf" not in accept:
            return analysis
        html = render_quarterly(analysis, taxonomy, negotiate(request), tenant_name(directory, chosen))
        return _page(html, accept)

    return router


def tenant_name(directory: Directory, tenant: str) -> str:
    """How a tenant is named on its reports: its name in the directory, else its code."""
    with directory.session() as session:
        found = session.get(Tenant, tenant)
        return found.name if found else tenant


def _page(html: str, accept: str) -> Response:
    if "application/pdf" in accept:
        return Response(render_pdf(html), media_type="application/pdf")
    return HTMLResponse(html)
