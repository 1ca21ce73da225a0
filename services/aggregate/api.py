"""The read API of the warehouse. The tenant comes from the caller's credentials."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from embrace.contracts.fields import IsoWeek
from embrace.http.dependencies import WarehouseDep
from embrace.http.security import PrincipalDep
from services.aggregate.stats import weekly_stats


class WeeklyStatsOut(BaseModel):
    tenant: str
    week: str
    incidents: int
    by_category: dict[str, int]
    by_group: dict[str, int]
    by_source: dict[str, int]


def last_week(now: datetime) -> str:
    year, week, _ = (now - timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def stats_router() -> APIRouter:
    router = APIRouter(prefix="/v1/stats", tags=["statistics"])

    @router.get("/weekly", response_model=WeeklyStatsOut)
    def weekly(
        principal: PrincipalDep,
        warehouse: WarehouseDep,
        week: Annotated[
            IsoWeek | None, Query(description="ISO week, e.g. 2026-W05. Default: last week.")
        ] = None,
    ) -> WeeklyStatsOut:
        """Incidents of one ISO week (local time), by category, group and source."""
        stats = weekly_stats(warehouse, principal.tenant, week or last_week(datetime.now(UTC)))
        return WeeklyStatsOut(**stats.__dict__)

    return router
