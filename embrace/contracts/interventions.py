"""An intervention (insats): something partners do to prevent crime or make a place feel safer."""

from __future__ import annotations

from datetime import date
from typing import Literal, Self

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from embrace.contracts.envelope import Versioned
from embrace.contracts.fields import (
    CategoryCode,
    Contract,
    Day,
    GeoPoint,
    LongProse,
    ShortProse,
    Slug,
    one_of_given,
)

InterventionStatus = Literal["planned", "ongoing", "done"]


class InterventionPlace(Contract):
    model_config = ConfigDict(json_schema_extra=one_of_given("area_id", "point"))

    area_id: Slug | None = None
    point: GeoPoint | None = None

    @model_validator(mode="after")
    def _something_given(self) -> Self:
        if self.area_id is None and self.point is None:
            raise PydanticCustomError("place_missing", "give an area_id or a point")
        return self


class InterventionFields(Contract):
    """What partners say about an intervention; the event adds identity and who is responsible."""

    title: ShortProse
    kind: CategoryCode = Field(description="A taxonomy code of the intervention group, e.g. safety_walk.")
    description: LongProse | None = None
    place: InterventionPlace
    start: Day
    end: Day | None = None
    status: InterventionStatus = "planned"
    targeted_categories: list[CategoryCode] = Field(default_factory=list, max_length=50)

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        # On the end field, so an error names "end"; an open end is fine.
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise PydanticCustomError("dates_order", "end must not be before start")
        return end


class Intervention(Versioned, InterventionFields):
    responsible_organisation: Slug
