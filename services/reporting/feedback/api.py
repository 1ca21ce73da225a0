"""``GET /v1/feedback``: what the calling organisation's reports led to."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from embrace.http.dependencies import SqlStoreDep, WarehouseDep, WeekQuery
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES
from embrace.http.security import Reader
from embrace.weeks import last_week
from services.reporting.feedback.service import feedback

router = APIRouter(prefix="/v1/feedback", tags=["working loop"], responses=PROBLEM_RESPONSES)


@router.get("")
def read(
    request: Request,
    principal: Reader,
    sql_store: SqlStoreDep,
    warehouse: WarehouseDep,
    week: WeekQuery = None,
) -> dict[str, Any]:
    """How many incidents the organisation reported in the 12 weeks to ``week``; the problems that touch
    its areas and categories (or that it is responsible for), the decisions on them, the interventions
    linked and their effects, and the feedback notes published."""
    return feedback(
        sql_store,
        warehouse,
        principal.tenant,
        principal.organisation,
        week or last_week(),
        negotiate(request),
    )
