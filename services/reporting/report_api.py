"""``GET /v1/reports/weekly``: the weekly situation report of the caller's tenant (a regional caller names
one), as JSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from embrace.http.dependencies import TenantQuery, WarehouseDep, WeekQuery
from embrace.http.problems import PROBLEM_RESPONSES
from embrace.http.security import Reader, tenant_for
from embrace.weeks import last_week
from services.reporting.weekly_report import weekly_report


def report_router() -> APIRouter:
    router = APIRouter(prefix="/v1/reports", tags=["reporting"], responses=PROBLEM_RESPONSES)

    @router.get("/weekly")
    def weekly(
        principal: Reader, warehouse: WarehouseDep, week: WeekQuery = None, tenant: TenantQuery = None
    ) -> dict[str, Any]:
        """Last week (or `week`) against the 4 and 12 weeks before and the same week a year earlier, by
        category group, category, area and source, judged by the Poisson z-score; the most affected
        H3 cells; hour x weekday, part of day and darkness; alerts; interventions active, planned and
        ended; the latest perceived safety of the areas most affected; and the sources it rests on."""
        return weekly_report(warehouse, tenant_for(principal, tenant), week or last_week()).as_json()

    return router
