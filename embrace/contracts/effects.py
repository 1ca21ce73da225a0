"""An intervention's effect as measured on one day: the counts and the measures, for dashboards."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from embrace.contracts.envelope import Event
from embrace.contracts.fields import CategoryCode, Day, ShortText, Slug

Verdict = Literal["seems effective", "seems harmful", "no sign of effect", "too little data to tell"]
Count = Annotated[int, Field(ge=0)]


class InterventionEffect(Event):
    """The latest measurement of one intervention replaces the earlier ones (keyed by ``intervention_id``).

    Counts are of the targeted categories in the target area, a buffer ring around it and the comparison
    area (the rest of the municipality), before and during; the measures are the Weighted Displacement
    Difference (Wheeler & Ratcliffe 2018) and the Weighted Displacement Quotient (Bowers & Johnson 2003).
    """

    intervention_id: UUID
    measured_on: Day
    title: ShortText
    area_id: Slug
    categories: list[CategoryCode] = Field(default_factory=list, max_length=50)
    before_first: Day
    before_last: Day
    during_first: Day
    during_last: Day
    buffer_m: Annotated[float, Field(ge=0)]
    target_before: Count
    target_during: Count
    buffer_before: Count
    buffer_during: Count
    comparison_before: Count
    comparison_during: Count
    wdd: float = Field(description="Weighted Displacement Difference; negative: fewer incidents.")
    standard_error: Annotated[float, Field(ge=0)]
    z: float
    ci_low: float
    ci_high: float
    wdq: float | None = Field(None, description="Weighted Displacement Quotient; none when undefined.")
    net_effect: float = Field(description="Incidents avoided in target and buffer together.")
    verdict: Verdict
