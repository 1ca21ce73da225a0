"""A partner's weekly report: one submission from one organisation, holding its incidents."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from embrace.contracts.envelope import Versioned
from embrace.contracts.fields import (
    CategoryCode,
    Channel,
    Contract,
    GeoPoint,
    IsoWeek,
    LongText,
    Moment,
    ShortText,
    Slug,
    Source,
    one_of_given,
)

MAX_INCIDENTS_PER_REPORT = 200


def _kind_required(schema: dict[str, Any]) -> None:
    # The tag has a default for Python callers, but on the wire it selects the variant and must be sent.
    schema["required"] = ["kind", *schema.get("required", [])]


class Instant(Contract):
    """The incident happened at a known moment."""

    model_config = ConfigDict(json_schema_extra=_kind_required)

    kind: Literal["instant"] = "instant"
    at: Moment


class Window(Contract):
    """The incident happened some time between ``start`` and ``end`` ("during the night")."""

    model_config = ConfigDict(json_schema_extra=_kind_required)

    kind: Literal["window"] = "window"
    start: Moment
    end: Moment

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.end <= self.start:
            raise PydanticCustomError("window_order", "end must be after start")
        return self


IncidentTime = Annotated[Instant | Window, Field(discriminator="kind")]


class Location(Contract):
    """Where: any of a point, an address or place text, or one of the tenant's area ids."""

    model_config = ConfigDict(json_schema_extra=one_of_given("point", "address", "area_id"))

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


def nothing_to_report_names_its_week(incidents: list[Incident], week: str | None) -> None:
    """A report without incidents says its organisation had nothing to report in a week: which one must
    be stated, as no incident dates it."""
    if not incidents and week is None:
        said = "a report holds at least one incident, or names the week it had nothing to report"
        raise PydanticCustomError("incidents_missing", said)


class IncidentReport(Versioned):
    """One submission by one organisation. A retraction carries no incidents; a report of *nothing to
    report* carries none either and names its week."""

    organisation: Slug
    source: Source
    channel: Channel
    reporting_week: IsoWeek | None = Field(None, description="The week the report covers, if stated.")
    incidents: Annotated[list[Incident], Field(max_length=MAX_INCIDENTS_PER_REPORT)]

    @model_validator(mode="after")
    def _incidents_unless_retracted(self) -> Self:
        if self.retracted and self.incidents:
            raise PydanticCustomError("retraction_with_incidents", "a retraction carries no incidents")
        if not self.retracted:
            nothing_to_report_names_its_week(self.incidents, self.reporting_week)
        return self

    @property
    def nothing_to_report(self) -> bool:
        return not self.retracted and not self.incidents
