"""``GET /v1/interventions/{id}/effect``: did an intervention seem to work, by the numbers."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request

from embrace.http.dependencies import WarehouseDep
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES, FieldError, ProblemError, invalid
from embrace.http.security import Reader
from embrace.messages import NO_SUCH_INTERVENTION
from embrace.weeks import reported_through, today
from services.reporting.effects.assessment import assess
from services.reporting.effects.plans import NotMeasurable, find
from services.reporting.effects.shown import EffectOut, shown

router = APIRouter(prefix="/v1/interventions", tags=["reporting"], responses=PROBLEM_RESPONSES)


@router.get("/{intervention_id:uuid}/effect", response_model=EffectOut)
def effect(
    request: Request, intervention_id: uuid.UUID, principal: Reader, warehouse: WarehouseDep,
    buffer_m: Annotated[float, Query(ge=0, le=5000, description="The buffer ring's width, m.")] = 400,
    comparison: Annotated[str | None, Query(description="Comparison areas, comma-separated; default: "
                                            "the places whose weeks before matched the target's.")] = None,
) -> EffectOut:  # fmt: skip
    """Incidents of the intervention's targeted categories before and during it, in its area, a buffer
    ring around it and a fair comparison; the relative effect (the ratio of ratios, which decides the
    verdict) with its interval, allowing for over-dispersion; the same periods a year earlier; the
    Weighted Displacement Difference and Quotient; and what that means, honestly."""
    plan = find(warehouse, intervention_id)
    if plan is None or not principal.sees(plan.tenant):
        raise ProblemError(404, NO_SUCH_INTERVENTION)
    named = [a.strip() for a in (comparison or "").split(",") if a.strip()]
    if plan.area_id in named:
        raise invalid([FieldError("query.comparison", "not_measurable",
                                  "the comparison areas may not include the target area")])  # fmt: skip
    try:
        assessment = assess(warehouse, plan, reported_through(today()), buffer_m, named)
    except NotMeasurable as exc:
        raise invalid([FieldError(exc.field, "not_measurable", str(exc))]) from None
    return shown(assessment, negotiate(request))
