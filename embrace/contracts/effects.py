"""An intervention's effect as measured on one day: the counts and the measures, for dashboards."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from embrace.contracts.envelope import Event
from embrace.contracts.fields import CategoryCode, Day, ShortText, Slug

Verdict = Literal[
    "seems effective", "seems harmful", "no sign of effect", "too little data to tell", "no fair comparison"
]
Count = Annotated[int, Field(ge=0)]
Ratio = Annotated[float, Field(ge=0)]
ComparisonKind = Literal["areas", "cells", "named", "none"]


class InterventionEffect(Event):
    """The latest measurement of one intervention replaces the earlier ones (keyed by ``intervention_id``).

    Counts are of the targeted categories in the target area, a buffer ring around it and the comparison
    (the places chosen as fair, or named), before and during. The **relative effect** decides the verdict:
    the target's change over the comparison's, below 1 fewer incidents than the comparison's trend
    predicts, with its interval. The Weighted Displacement Difference (Wheeler & Ratcliffe 2018) is on the
    comparison scaled to the target's size, the Weighted Displacement Quotient (Bowers & Johnson 2003)
    where the target improved.
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
    comparison_kind: ComparisonKind = "none"
    comparison_places: list[Slug] = Field(default_factory=list, max_length=50)
    comparison_fair: bool = Field(True, description="The comparison's weeks before moved like the target's.")
    dispersion: Annotated[float, Field(ge=1)] = 1.0
    relative_effect: Ratio | None = Field(None, description="Below 1: fewer than the comparison predicts.")
    relative_low: Ratio | None = None
    relative_high: Ratio | None = None
    expected: float | None = Field(None, description="The target's incidents during, had it followed the "
                                   "comparison's trend.")  # fmt: skip
    ring_effect: Ratio | None = Field(None, description="The ring's relative change: below 1, a diffusion "
                                      "of benefit; above, displacement.")  # fmt: skip
    ring_low: Ratio | None = None
    ring_high: Ratio | None = None
    detectable_fall: Annotated[float, Field(ge=0, le=1)] = Field(
        1.0, description="The smallest fall the comparison finds with 80% power (a share)."
    )
    year_earlier_effect: Ratio | None = Field(
        None,
        description="The same periods a year earlier: a change there was the season's, not the "
        "intervention's.",
    )
    year_earlier_low: Ratio | None = None
    year_earlier_high: Ratio | None = None
    wdd: float = Field(description="Weighted Displacement Difference on the scaled comparison; negative: "
                       "fewer incidents.")  # fmt: skip
    standard_error: Annotated[float, Field(ge=0)]
    z: float
    ci_low: float
    ci_high: float
    wdq: float | None = Field(None, description="Weighted Displacement Quotient; none where the target "
                              "did not improve.")  # fmt: skip
    net_effect: float = Field(description="Incidents avoided in target and buffer together.")
    verdict: Verdict
