"""Perceived safety (upplevd trygghet) measured by a survey, per area and period."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from embrace.contracts.envelope import Versioned
from embrace.contracts.fields import Day, ShortText, Slug


class SafetySurveyResult(Versioned):
    survey: ShortText = Field(description="Name of the survey, e.g. 'Trygghetsmätning 2026'.")
    area_id: Slug
    period_start: Day
    period_end: Day
    indicator: ShortText = Field(description="What was asked, e.g. 'otrygg_ute_kvall'.")
    measure: Literal["share", "index"]
    value: Annotated[float, Field(ge=0)]
    respondents: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.period_end < self.period_start:
            raise PydanticCustomError("dates_order", "period_end must not be before period_start")
        if self.measure == "share" and self.value > 1:
            raise PydanticCustomError("share_range", "a share lies between 0 and 1")
        return self
