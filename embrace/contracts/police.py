"""A notice from the Swedish Police events API (polisen.se/api/events), as published plus our envelope.

The API fields keep their names and raw text so nothing is lost; what we infer from them (the event's own
time, municipality, precision) is added beside, never in place of, the original.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from embrace.contracts.envelope import Event
from embrace.contracts.fields import Contract, CountyCode, GeoPoint, Moment, MunicipalityCode

# The API's gps is the centre of the named municipality or county, never the incident's own place.
LocationPrecision = Literal["municipality", "county", "unknown"]


class PoliceLocation(Contract):
    name: Annotated[str, Field(max_length=200)]
    gps: Annotated[str, Field(max_length=60, description="'lat,lon' as the API sends it.")]


class PoliceNotice(Event):
    """One version of a police notice. ``tenant`` is absent when only the county is known."""

    tenant: MunicipalityCode | None = None  # type: ignore[assignment]
    version: Annotated[int, Field(ge=1)] = 1
    police_id: Annotated[int, Field(ge=0)]
    datetime: Annotated[str, Field(max_length=40, description="Publication time, raw API text.")]
    name: Annotated[str, Field(max_length=300)]
    summary: Annotated[str, Field(max_length=2000)]
    url: Annotated[str, Field(max_length=500)]
    type: Annotated[str, Field(max_length=120)]
    location: PoliceLocation
    # Inferred by the importer:
    event_time: Moment | None = Field(None, description="The event's own time, parsed from name.")
    county_code: CountyCode | None = None
    location_precision: LocationPrecision = "unknown"
    point: GeoPoint | None = Field(None, description="Centre of the municipality or county, see precision.")
    is_summary: bool = Field(False, description="A 'Sammanfattning ...' notice covering many incidents.")
