"""``GET /v1/interventions/{id}/effect``: did an intervention seem to work, by the numbers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from embrace.contracts.effects import Verdict
from embrace.http.dependencies import WarehouseDep
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES, FieldError, ProblemError, invalid
from embrace.http.security import Reader
from embrace.messages import NO_SUCH_INTERVENTION
from services.reporting.assessment import assess
from services.reporting.effect import SAID
from services.reporting.effect_counts import NotMeasurable, find


class Period(BaseModel):
    first: str
    last: str


class Place(BaseModel):
    before: int
    during: int


class EffectOut(BaseModel):
    intervention_id: uuid.UUID
    title: str
    area_id: str
    categories: list[str]
    before: Period
    during: Period
    buffer_m: float
    counts: dict[Literal["target", "buffer", "comparison"], Place]
    wdd: float
    standard_error: float
    z: float
    confidence_interval: tuple[float, float]
    wdq: float | None
    net_effect: float
    verdict: Verdict
    text: str


def effect_router() -> APIRouter:
    router = APIRouter(prefix="/v1/interventions", tags=["reporting"], responses=PROBLEM_RESPONSES)

    @router.get("/{intervention_id:uuid}/effect", response_model=EffectOut)
    def effect(
        request: Request, intervention_id: uuid.UUID, principal: Reader, warehouse: WarehouseDep,
        buffer_m: Annotated[float, Query(ge=0, le=5000, description="The buffer ring's width, m.")] = 400,
        comparison: Annotated[str | None, Query(description="Comparison areas, comma-separated; "
                                                "default: the rest of the municipality.")] = None,
    ) -> EffectOut:  # fmt: skip
        """Incidents of the intervention's targeted categories before and during it, in its area, a buffer
        ring around it and the rest of the municipality; the Weighted Displacement Difference (Wheeler &
        Ratcliffe 2018) with its standard error, z and 95% interval; the Weighted Displacement Quotient and
        total net effect (Bowers & Johnson 2003); and what that means, honestly."""
        plan = find(warehouse, intervention_id)
        if plan is None or not principal.sees(plan.tenant):
            raise ProblemError(404, NO_SUCH_INTERVENTION)
        try:
            compared = [a.strip() for a in (comparison or "").split(",") if a.strip()]
            today = datetime.now(UTC).date()
            effect = assess(warehouse, plan, today, buffer_m, compared).as_effect(today)
        except NotMeasurable as exc:
            raise invalid([FieldError("path.intervention_id", "not_measurable", str(exc))]) from None
        return EffectOut(
            intervention_id=intervention_id, title=effect.title, area_id=effect.area_id,
            categories=effect.categories, before=Period(first=str(effect.before_first),
                                                        last=str(effect.before_last)),
            during=Period(first=str(effect.during_first), last=str(effect.during_last)), buffer_m=buffer_m,
            counts={place: Place(before=getattr(effect, f"{place}_before"),
                                 during=getattr(effect, f"{place}_during"))
                    for place in ("target", "buffer", "comparison")},
            wdd=effect.wdd, standard_error=effect.standard_error, z=effect.z,
            confidence_interval=(effect.ci_low, effect.ci_high), wdq=effect.wdq, net_effect=effect.net_effect,
            verdict=effect.verdict, text=SAID[effect.verdict][negotiate(request)],
        )  # fmt: skip

    return router
