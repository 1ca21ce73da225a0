"""``GET /v1/reports/weekly``: the weekly situation report of the caller's tenant (a regional caller names
one), as JSON, or as a self-contained HTML page or a PDF by ``Accept``, in Swedish or English."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from embrace.directory.tables import Tenant
from embrace.http.dependencies import DirectoryDep, TaxonomyDep, TenantQuery, WarehouseDep, WeekQuery
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES
from embrace.http.security import Reader, tenant_for
from embrace.weeks import last_week
from services.reporting.weekly_html import render_html, render_pdf
from services.reporting.weekly_report import weekly_report

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
        with directory.session() as session:
            found = session.get(Tenant, chosen)
            name = found.name if found else chosen
        html = render_html(report, taxonomy, negotiate(request), name)
        if "application/pdf" in accept:
            return Response(render_pdf(html), media_type="application/pdf")
        return HTMLResponse(html)

    return router
