"""The read API of the warehouse. The tenant comes from the caller's credentials."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from embrace.http.dependencies import TenantQuery, WarehouseDep, WeekQuery
from embrace.http.problems import PROBLEM_RESPONSES
from embrace.http.security import Reader, tenant_for
from embrace.weeks import last_week
from services.reporting.stats import weekly_stats


class WeeklyStatsOut(BaseModel):
    tenant: str
    week: str
    incidents: int
    by_category: dict[str, int]
    by_group: dict[str, int]
    by_source: dict[str, int]


def stats_router() -> APIRouter:
    router = APIRouter(prefix="/v1/stats", tags=["statistics"], responses=PROBLEM_RESPONSES)

    @router.get("/weekly", response_model=WeeklyStatsOut)
    def weekly(
        principal: Reader, warehouse: WarehouseDep, week: WeekQuery = None, tenant: TenantQuery = None
    ) -> WeeklyStatsOut:
        """Incidents of one ISO week (local time), by category, group and source."""
        chosen = tenant_for(principal, tenant)
        stats = weekly_stats(warehouse, chosen, week or last_week())
        return WeeklyStatsOut(**stats.__dict__)

    return router
