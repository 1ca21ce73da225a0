"""``GET /v1/situation/weekly``: the weekly situation report of the caller's tenant."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request

from embrace.http.dependencies import TaxonomyDep, TenantQuery, WarehouseDep, WeekQuery
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES
from embrace.http.security import Reader, tenant_for
from embrace.weeks import last_week
from services.reporting.situation import weekly_situation


def situation_router() -> APIRouter:
    router = APIRouter(prefix="/v1/situation", tags=["reporting"], responses=PROBLEM_RESPONSES)

    @router.get("/weekly")
    def weekly(
        request: Request,
        principal: Reader,
        warehouse: WarehouseDep,
        taxonomy: TaxonomyDep,
        week: WeekQuery = None,
        tenant: TenantQuery = None,
    ) -> dict[str, Any]:
        """Last week against the mean of the four weeks before, by category; interventions of next week."""
        chosen = week or last_week()
        report = weekly_situation(
            warehouse, taxonomy, tenant_for(principal, tenant), chosen, negotiate(request)
        )
        body = asdict(report)
        for trend, source in zip(body["categories"], report.categories, strict=True):
            trend["change"] = round(source.change, 2)
        return body

    return router
