"""A partner's weekly report: one submission from one organisation, holding its incidents."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import AwareDatetime, Field, model_validator
from pydantic_core import PydanticCustomError

from embrace.contracts.envelope import Versioned
from embrace.contracts.fields import (
    CategoryCode,
    Channel,
    Contract,
    GeoPoint,
    IsoWeek,
    LongText,
    ShortText,
    Slug,
    Source,
)

MAX_INCIDENTS_PER_REPORT = 200


class Instant(Contract):
    """The incident happened at a known moment."""

    kind: Literal["instant"] = "instant"
    at: AwareDatetime


class Window(Contract):
    """The incident happened some time between ``start`` and ``end`` ("during the night")."""

    kind: Literal["window"] = "window"
    start: AwareDatetime
    end: AwareDatetime

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.end <= self.start:
            raise PydanticCustomError("window_order", "end must be after start")
        return self


IncidentTime = Annotated[Instant | Window, Field(discriminator="kind")]


class Location(Contract):
    """Where: any of a point, an address or place text, or one of the tenant's area ids."""

    point: GeoPoint | None = None
    address: ShortText | None = None
    area_id: Slug | None = None

    @model_validator(mode="after")
    def _something_given(self) -> Self:
        if self.point is None and self.address is None and self.area_id is None:
            raise PydanticCustomError("location_missing", "give a point, an address or an area_id")
        return self


# Set by the platform, never taken from a submission: what people should look at twice.
IncidentFlag = Literal["far_outside_municipality"]


class Incident(Contract):
    category: CategoryCode
    description: LongText | None = None
    time: IncidentTime
    location: Location
    police_reported: bool = Field(False, description="Whether the incident was also reported to the police.")
    flags: list[IncidentFlag] = Field(
        default_factory=list, max_length=5, description="Set by the platform; any flags given are replaced."
    )


class IncidentReport(Versioned):
    """One submission by one organisation. A retraction carries no incidents."""

    organisation: Slug
    source: Source
    channel: Channel
    reporting_week: IsoWeek | None = Field(None, description="The week the report covers, if stated.")
    incidents: Annotated[list[Incident], Field(max_length=MAX_INCIDENTS_PER_REPORT)]

    @model_validator(mode="after")
    def _incidents_unless_retracted(self) -> Self:
        if self.retracted and self.incidents:
            raise PydanticCustomError("retraction_with_incidents", "a retraction carries no incidents")
        if not self.retracted and not self.incidents:
            raise PydanticCustomError("incidents_missing", "a report holds at least one incident")
        return self
