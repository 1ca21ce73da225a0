"""A batch of places as enrich sees them: what each incident says, and what was made of it."""

from __future__ import annotations

from dataclasses import dataclass, field

import h3
import numpy as np
from numpy.typing import NDArray

from embrace.contracts.enriched import LocationPrecision
from embrace.contracts.fields import GeoPoint

H3_RESOLUTIONS = (7, 9)


@dataclass(frozen=True)
class Ask:
    """Where an incident says it happened."""

    tenant: str
    point: GeoPoint | None = None
    text: str | None = None
    area_id: str | None = None
    municipality: str | None = None  # who says so (police notices); else the point or the tenant decides
    precision: LocationPrecision | None = None  # given by the source (police notices)


@dataclass
class Located:
    """One entry per incident, in input order."""

    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    precision: list[LocationPrecision]
    area_ids: list[list[str]]
    municipality: list[str | None]
    county: list[str | None]
    flags: list[list[str]]
    h3: list[tuple[str | None, str | None]]
    outside: list[bool]  # a point the boundaries place in no municipality: not in Sweden
    sun_lat: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))  # where darkness is judged
    sun_lon: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    def point(self, n: int) -> GeoPoint | None:
        if np.isnan(self.lat[n]):
            return None
        # Coordinates that came in as a valid point (or from the gazetteer and the geocoder): no revalidation.
        return GeoPoint.model_construct(lat=float(self.lat[n]), lon=float(self.lon[n]))


def cells(
    lat: NDArray[np.float64], lon: NDArray[np.float64], precision: list[LocationPrecision]
) -> list[tuple[str | None, str | None]]:
    """H3 cells of resolved places only: never of an area's, a municipality's or a county's centre."""
    cell, (coarse, fine) = h3.latlng_to_cell, H3_RESOLUTIONS
    none: tuple[str | None, str | None] = (None, None)
    return [
        (cell(y, x, coarse), cell(y, x, fine)) if how in ("point", "address") and y == y else none  # noqa: PLR0124 - NaN test
        for y, x, how in zip(lat.tolist(), lon.tolist(), precision, strict=True)
    ]
