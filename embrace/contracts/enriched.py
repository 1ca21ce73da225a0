"""What the enrich stage makes of a report: flat, self-contained incident facts ready to count."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

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
# The groups an incident can be in: "intervention" names what partners do, never what they observe.
ObservedGroup = Literal["crime", "insecurity"]
PartOfDay = Literal["night", "morning", "afternoon", "evening"]
Season = Literal["winter", "spring", "summer", "autumn"]
Quarter = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-Q[1-4]$"), Field(description="e.g. 2026-Q1")]
H3Cell = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{15}$"), Field(description="H3 cell index, hex")]
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
    # When, in local time (the tenant's zone): of the instant, or of a window's midpoint.
    local_date: Day = Field(description="Local date of the instant or of the window's midpoint.")
    iso_week: IsoWeek
    weekday: Annotated[int, Field(ge=1, le=7)]
    hour: Annotated[int, Field(ge=0, le=23)]
    part_of_day: PartOfDay
    month: Annotated[int, Field(ge=1, le=12)] | None = None
    quarter: Quarter | None = None
    season: Season | None = Field(None, description="winter Dec-Feb, spring Mar-May, summer Jun-Aug, autumn")
    window_hours: Annotated[float, Field(ge=0)] = Field(
        0.0, description="Length of a window; 0 for an instant."
    )
    long_window: bool = Field(False, description="A window over a day: its hour and weekday say little.")
    is_dark: bool | None = Field(
        None, description="The sun below civil twilight (-6 degrees) there and then."
    )
    holiday: str | None = Field(None, description="Swedish public holiday or eve of the local date, by name.")
    # Where: a point only when the reporter gave one (point) or text was resolved to one (address).
    point: GeoPoint | None = None
    location_precision: LocationPrecision
    address: str | None = None
    area_id: Slug | None = Field(None, description="The primary (smallest) area of area_ids.")
    area_ids: list[Slug] = Field(default_factory=list, max_length=32, description="Areas, smallest first.")
    municipality_code: MunicipalityCode | None = Field(None, description="Where it happened.")
    county_code: CountyCode | None = None
    h3_r7: H3Cell | None = Field(None, description="H3 cell at resolution 7, for point or address only.")
    h3_r9: H3Cell | None = Field(None, description="H3 cell at resolution 9, for point or address only.")
    police_reported: bool = False
    flags: list[str] = Field(default_factory=list, max_length=10)
    is_summary: bool = Field(False, description="Police summary notice: stored, never counted.")


class EnrichedReport(Event):
    """Every incident of one version of a report (or police notice), enriched: one message per report
    on the bus, so a report of ten incidents costs one message to publish and to read, not ten."""

    report_id: UUID
    report_version: Annotated[int, Field(ge=1)]
    incidents: Annotated[list[EnrichedIncident], Field(min_length=1, max_length=200)]


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
    reporting_week: IsoWeek | None = Field(
        None, description="The week the report covers; with no incidents, a week with nothing to report."
    )
