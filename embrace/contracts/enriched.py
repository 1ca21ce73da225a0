"""What the enrich stage makes of a report: flat, self-contained incident facts ready to count."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from embrace.contracts.envelope import Event
from embrace.contracts.fields import (
    CategoryCode,
    Channel,
    CountyCode,
    Day,
    GeoPoint,
    IsoWeek,
    Moment,
    MunicipalityCode,
    Slug,
    Source,
)

CategoryGroup = Literal["crime", "insecurity", "intervention"]
PartOfDay = Literal["night", "morning", "afternoon", "evening"]
# How exactly we know the place. Only "point" may be drawn as the incident's own position.
LocationPrecision = Literal["point", "address", "area", "municipality", "county", "unknown"]


class EnrichedIncident(Event):
    """One incident of one version of a report (or police notice), with derived features.

    ``event_id`` is derived from (report_id, report_version, incident_index), so re-processing the same
    input yields the same id and sinks stay idempotent.
    """

    report_id: UUID
    report_version: Annotated[int, Field(ge=1)]
    incident_index: Annotated[int, Field(ge=0)]
    organisation: Slug
    source: Source
    channel: Channel
    category: CategoryCode
    category_group: CategoryGroup
    description: str | None = None
    time_start: Moment
    time_end: Moment
    time_precision: Literal["instant", "window"]
    local_date: Day = Field(description="Local (tenant time zone) date of time_start.")
    iso_week: IsoWeek
    weekday: Annotated[int, Field(ge=1, le=7)]
    hour: Annotated[int, Field(ge=0, le=23)]
    part_of_day: PartOfDay
    point: GeoPoint | None = None
    location_precision: LocationPrecision
    address: str | None = None
    area_id: Slug | None = None
    municipality_code: MunicipalityCode | None = None
    county_code: CountyCode | None = None
    police_reported: bool = False
    flags: list[str] = Field(default_factory=list, max_length=10)
    is_summary: bool = Field(False, description="Police summary notice: stored, never counted.")


class ReportVersion(Event):
    """The state of a report after one version: which version is current and whether it was withdrawn.

    Counting joins incidents to the latest non-retracted version, so a correction that drops an
    incident, or a retraction, takes effect downstream. ``tenant`` is absent when the latest version
    belongs to no tenant (a police notice corrected from a municipality to a whole county): the old
    version then stops counting where it was.
    """

    tenant: MunicipalityCode | None = None  # type: ignore[assignment]
    report_id: UUID
    version: Annotated[int, Field(ge=1)]
    retracted: bool
    incident_count: Annotated[int, Field(ge=0)]
    organisation: Slug
    source: Source
