"""Where, for a batch of incidents at once: point, precision, areas, municipality, county, H3 cells.

What enrich knows of places lives in a :class:`PlaceBook`: the official boundaries (read at start), and
each tenant's areas and gazetteer, kept current from their compacted topics while the worker runs.

Precision is never overstated. ``point``: the reporter gave it. ``address``: text resolved to a point
(gazetteer, geocoder), or text not resolved yet (then no point, and the flag ``unresolved_address``).
``area``: only an area is known. Police notices say ``municipality`` or ``county`` themselves.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import h3
import numpy as np
from numpy.typing import NDArray

from embrace.areas import AreaIndex, TenantArea
from embrace.contracts import Area, Place
from embrace.contracts.enriched import LocationPrecision
from embrace.contracts.fields import GeoPoint
from embrace.geography import Boundaries, place_key

H3_RESOLUTIONS = (7, 9)
UNRESOLVED = "unresolved_address"


class Geocoder(Protocol):
    def cached(self, tenant: str, text: str) -> tuple[float, float] | None:
        """A point found for this text before (within the tenant's municipality), without waiting."""

    def ask(self, tenant: str, text: str) -> None:
        """Look the text up in the background; later incidents with the same text get the answer."""


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
    sun_lat: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))  # where darkness is judged
    sun_lon: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    def point(self, n: int) -> GeoPoint | None:
        return None if np.isnan(self.lat[n]) else GeoPoint(lat=float(self.lat[n]), lon=float(self.lon[n]))


class PlaceBook:
    def __init__(self, boundaries: Boundaries, geocoder: Geocoder | None = None) -> None:
        self.boundaries = boundaries
        self.geocoder = geocoder
        self._areas: dict[str, dict[str, TenantArea]] = defaultdict(dict)
        self._indexes: dict[str, AreaIndex] = {}
        self._area_names: dict[str, dict[str, str]] = defaultdict(dict)  # tenant -> name key -> area id
        self._gazetteer: dict[str, dict[str, Place]] = defaultdict(dict)  # tenant -> name key -> place
        self._lock = threading.Lock()  # followers write from their own thread; readers take a snapshot

    def apply_area(self, area: Area) -> None:
        with self._lock:
            mine = dict(self._areas[area.tenant])
            mine.pop(area.area_id, None)
            if not area.retracted:
                mine[area.area_id] = TenantArea.of(area.area_id, area.name, area.parent, area.geometry)
            self._areas[area.tenant] = mine
            self._indexes[area.tenant] = AreaIndex(mine.values())
            self._area_names[area.tenant] = {place_key(a.name): a.area_id for a in mine.values()}

    def apply_place(self, place: Place) -> None:
        with self._lock:
            book = dict(self._gazetteer[place.tenant])
            for key, known in list(book.items()):
                if known.event_id == place.event_id:
                    del book[key]
            if not place.retracted:
                book[place_key(place.name)] = place
            self._gazetteer[place.tenant] = book

    def areas_of(self, tenant: str) -> AreaIndex:
        return self._indexes.get(tenant) or AreaIndex(())

    def locate(self, asks: Sequence[Ask]) -> Located:
        n = len(asks)
        lat, lon = np.full(n, np.nan), np.full(n, np.nan)
        precision: list[LocationPrecision] = []
        named: list[str | None] = []
        flags: list[list[str]] = [[] for _ in asks]
        for i, ask in enumerate(asks):
            found, area, how = self._where(ask)
            if found is not None:
                lat[i], lon[i] = found
            elif how == "address":
                flags[i].append(UNRESOLVED)
            precision.append(how)
            named.append(area)
        municipality, county = self._municipalities(asks, lat, lon)
        area_ids = self._area_ids(asks, lat, lon, named, flags)
        located = Located(
            lat, lon, precision, area_ids, municipality, county, flags, _cells(lat, lon, precision)
        )
        located.sun_lat, located.sun_lon = self._sun_places(asks, located)
        return located

    def _where(self, ask: Ask) -> tuple[tuple[float, float] | None, str | None, LocationPrecision]:
        """The point, the area named, and the precision of one incident, before any lookup by point."""
        if ask.precision is not None:  # the source knows its precision (police notices)
            point = (ask.point.lat, ask.point.lon) if ask.point is not None else None
            return point, ask.area_id, ask.precision
        if ask.point is not None:
            return (ask.point.lat, ask.point.lon), ask.area_id, "point"
        area = ask.area_id
        if ask.text is not None:
            key = place_key(ask.text)
            place = self._gazetteer.get(ask.tenant, {}).get(key)
            if place is not None:
                return (place.point.lat, place.point.lon), place.area_id or area, "address"
            area = area or self._area_names.get(ask.tenant, {}).get(key)
            if area is None and self.geocoder is not None:
                found = self.geocoder.cached(ask.tenant, ask.text)
                if found is not None:
                    return found, None, "address"
                self.geocoder.ask(ask.tenant, ask.text)
        if area is not None:
            return None, area, "area"
        return None, None, "address" if ask.text is not None else "unknown"

    def _municipalities(
        self, asks: Sequence[Ask], lat: NDArray[np.float64], lon: NDArray[np.float64]
    ) -> tuple[list[str | None], list[str | None]]:
        located = self.boundaries.locate(lat, lon)
        every = self.boundaries.municipalities
        codes: list[str | None] = []
        counties: list[str | None] = []
        for ask, at in zip(asks, located, strict=True):
            if ask.precision in ("municipality", "county"):  # the source said where, and no finer
                official = self.boundaries.get(ask.municipality) if ask.municipality else None
                codes.append(ask.municipality)
                counties.append(official.county_code if official else None)
                continue
            found = every[at] if at >= 0 else self.boundaries.get(ask.tenant)
            codes.append(found.code if found is not None else ask.tenant)
            counties.append(found.county_code if found is not None else ask.tenant[:2])
        return codes, counties

    def _area_ids(
        self, asks: Sequence[Ask], lat: NDArray[np.float64], lon: NDArray[np.float64],
        named: list[str | None], flags: list[list[str]],
    ) -> list[list[str]]:  # fmt: skip
        result: list[list[str]] = [[] for _ in asks]
        by_tenant: dict[str, list[int]] = defaultdict(list)
        for i, ask in enumerate(asks):
            by_tenant[ask.tenant].append(i)
        for tenant, rows in by_tenant.items():
            index = self.areas_of(tenant)
            picked = np.array(rows)
            with_point = picked[~np.isnan(lat[picked])]
            for i, ids in zip(with_point, index.containing(lat[with_point], lon[with_point]), strict=True):
                result[int(i)] = ids
            for i in rows:
                chosen = named[i]
                if chosen is not None and chosen not in result[i]:
                    if result[i]:
                        flags[i].append("point_outside_area")
                    result[i] = [
                        *index.lineage(chosen),
                        *(a for a in result[i] if a not in index.lineage(chosen)),
                    ]
        return result

    def _sun_places(
        self, asks: Sequence[Ask], located: Located
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        lat, lon = located.lat.copy(), located.lon.copy()
        for i in (int(n) for n in np.flatnonzero(np.isnan(lat))):
            ask, areas = asks[i], located.area_ids[i]
            code = located.municipality[i]
            centre = self.areas_of(ask.tenant).centroid(areas[0]) if areas else None
            centre = (
                centre
                or (self.boundaries.centre(code) if code else None)
                or self.boundaries.centre(ask.tenant)
            )
            if centre is not None:
                lat[i], lon[i] = centre
        return lat, lon


def _cells(
    lat: NDArray[np.float64], lon: NDArray[np.float64], precision: list[LocationPrecision]
) -> list[tuple[str | None, str | None]]:
    """H3 cells of resolved places only: never of an area's, a municipality's or a county's centre."""
    cells: list[tuple[str | None, str | None]] = []
    for y, x, how in zip(lat, lon, precision, strict=True):
        if how in ("point", "address") and not np.isnan(y):
            coarse, fine = (h3.latlng_to_cell(float(y), float(x), r) for r in H3_RESOLUTIONS)
            cells.append((coarse, fine))
        else:
            cells.append((None, None))
    return cells
