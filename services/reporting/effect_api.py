"""``GET /v1/interventions/{id}/effect``: did an intervention seem to work, by the numbers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from embrace.http.dependencies import WarehouseDep
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES, FieldError, ProblemError, invalid
from embrace.http.security import Reader
from embrace.messages import NO_SUCH_INTERVENTION
from services.reporting.effect import Verdict, verdict, wdd, wdq
from services.reporting.effect_counts import NotMeasurable, find, measure

SAID: dict[Verdict, dict[str, str]] = {
    "seems effective": {"sv": "verkar ha effekt", "en": "seems effective"},
    "seems harmful": {"sv": "händelserna verkar ha ökat", "en": "incidents seem to have risen"},
    "no sign of effect": {"sv": "inga tecken på effekt", "en": "no sign of effect"},
    "too little data to tell": {"sv": "för lite data för att säga", "en": "too little data to tell"},
}


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
            measured = measure(warehouse, plan, datetime.now(UTC).date(), buffer_m, compared)
        except NotMeasurable as exc:
            raise invalid([FieldError("path.intervention_id", "not_measurable", str(exc))]) from None
        areas = measured.areas
        result, quotient = wdd(areas), wdq(areas)
        judged = verdict(areas, result)
        places = {"target": areas.target, "buffer": areas.buffer, "comparison": areas.control}
        return EffectOut(
            intervention_id=intervention_id, title=measured.title, area_id=measured.area_id,
            categories=measured.categories,
            before=Period(first=str(measured.before[0]), last=str(measured.before[1])),
            during=Period(first=str(measured.during[0]), last=str(measured.during[1])), buffer_m=buffer_m,
            counts={k: Place(before=int(c.before), during=int(c.during)) for k, c in places.items()},
            wdd=result.estimate, standard_error=round(result.standard_error, 3), z=round(result.z, 2),
            confidence_interval=(round(result.low, 1), round(result.high, 1)),
            wdq=None if quotient.quotient is None else round(quotient.quotient, 3),
            net_effect=round(quotient.net_effect, 1), verdict=judged, text=SAID[judged][negotiate(request)],
        )  # fmt: skip

    return router
