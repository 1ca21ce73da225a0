"""Where a police notice is about: the municipality when it can be known, else the county. The API's
``location.gps`` is the centre of that municipality or county, never the incident's own place, so the
point is kept for what it is and never drawn as the incident's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import ValidationError

from embrace.contracts.fields import GeoPoint
from embrace.contracts.police import LocationPrecision
from embrace.sqlstore.boundaries import PlaceNames

if TYPE_CHECKING:
    from services.ingest.imports.police_notices import ApiNotice


@dataclass(frozen=True)
class Place:
    municipality: str | None
    county: str | None
    precision: LocationPrecision


def place_of(notice: ApiNotice, names: PlaceNames) -> Place:
    """Where the notice is about, as a municipality code when it can be known, else the county."""
    location = notice.location.name
    municipality = names.municipality(location)
    if municipality is not None:
        return Place(municipality, names.county_of_municipality(location), "municipality")
    county = names.county(location)
    if county is None:
        return Place(None, None, "unknown")
    # "7 juni 07.15, Stöld, Kungsör" under "Västmanlands län": the municipality follows the last comma.
    last = notice.name.rsplit(",", 1)[-1].strip()
    named = names.municipality(last)
    if named is not None and names.county_of_municipality(last) == county:
        return Place(named, county, "county")
    return Place(None, county, "county")


def gps_point(gps: str) -> GeoPoint | None:
    try:
        lat, lon = (float(part) for part in gps.split(","))
        return GeoPoint(lat=lat, lon=lon)
    except (ValueError, ValidationError):
        return None
