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
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from embrace.contracts import Area, Place
from embrace.contracts.enriched import LocationPrecision
from embrace.geo.areas import AreaIndex, TenantArea
from embrace.geo.boundaries import Boundaries, place_key
from services.enrich.every_area import EveryArea
from services.enrich.located import POINT, PRECISIONS, Ask, Asks, Located, cells

UNRESOLVED = "unresolved_address"
_NO_AREAS = AreaIndex(())


class Geocoder(Protocol):
    def cached(self, tenant: str, text: str) -> tuple[float, float] | None:
        """A point found for this text before (within the tenant's municipality), without waiting."""

    def ask(self, tenant: str, text: str) -> None:
        """Look the text up in the background; later incidents with the same text get the answer."""


class PlaceBook:
    def __init__(self, boundaries: Boundaries, geocoder: Geocoder | None = None) -> None:
        self.boundaries = boundaries
        self.geocoder = geocoder
        self._areas: dict[str, dict[str, TenantArea]] = defaultdict(dict)
        self._indexes: dict[str, AreaIndex] = {}
        self._area_names: dict[str, dict[str, str]] = defaultdict(dict)  # tenant -> name key -> area id
        self._gazetteer: dict[str, dict[str, Place]] = defaultdict(dict)  # tenant -> name key -> place
        self._everywhere: EveryArea | None = None
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
            self._everywhere = None

    def apply_place(self, place: Place) -> None:
        with self._lock:
            book = dict(self._gazetteer[place.tenant])
            for key, known in list(book.items()):
                if known.event_id == place.event_id:
                    del book[key]
            if not place.retracted:
                book[place_key(place.name)] = place
            self._gazetteer[place.tenant] = book

    def _every_area(self) -> EveryArea | None:
        """Every tenant's areas in one tree, smallest first, built again after an area changed."""
        with self._lock:
            if self._everywhere is None:
                every = ((a.geometry.area, int(t), a.area_id, a.geometry)
                         for t, mine in self._areas.items() for a in mine.values())  # fmt: skip
                areas = sorted(every, key=lambda e: e[:3])
                if areas:
                    self._everywhere = EveryArea.of(areas)
            return self._everywhere

    def areas_containing(
        self, tenants: NDArray[np.object_], lat: NDArray[np.float64], lon: NDArray[np.float64]
    ) -> list[tuple[int, str]]:
        """(incident, area id) for every area of its own tenant that each point lies in, smallest first."""
        everywhere = self._every_area()
        return everywhere.containing(tenants, lat, lon) if everywhere is not None else []

    def areas_of(self, tenant: str) -> AreaIndex:
        return self._indexes.get(tenant) or _NO_AREAS

    def locate(self, asks: Asks) -> Located:
        lat, lon = asks.lat.copy(), asks.lon.copy()
        precision = np.full(len(asks), POINT, dtype=np.int8)
        named: dict[int, str] = {}
        flags: dict[int, list[str]] = {}
        for i, ask in asks.said.items():
            found, area, how = self._where(ask)
            lat[i], lon[i] = found if found is not None else (np.nan, np.nan)
            if found is None and how == "address":
                flags[i] = [UNRESOLVED]
            precision[i] = PRECISIONS.index(how)
            if area is not None:
                named[i] = area
        municipality, county, outside = self._municipalities(asks, lat, lon)
        area_ids = self._area_ids(asks, lat, lon, named, flags)
        located = Located(
            lat, lon, precision, area_ids, municipality, county, flags, cells(lat, lon, precision), outside
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
        self, asks: Asks, lat: NDArray[np.float64], lon: NDArray[np.float64]
    ) -> tuple[NDArray[np.object_], NDArray[np.object_], NDArray[np.bool_]]:
        located = self.boundaries.locate(lat, lon)
        outside = (located < 0) & ~np.isnan(lat) if self.boundaries else np.zeros(len(lat), dtype=bool)
        every = self.boundaries.municipalities
        codes = np.array([m.code for m in every] + [None], dtype=object)[located]
        counties = np.array([m.county_code for m in every] + [None], dtype=object)[located]
        for i in np.flatnonzero(located < 0).tolist():
            ask = asks.said.get(i)
            if ask is not None and ask.precision in ("municipality", "county"):  # the source said where
                official = self.boundaries.get(ask.municipality) if ask.municipality else None
                codes[i], counties[i] = ask.municipality, official.county_code if official else None
            else:  # no point, or none that lies in Sweden: where the tenant is
                tenant = str(asks.tenant[i])
                own = self.boundaries.get(tenant)
                codes[i], counties[i] = tenant, own.county_code if own else tenant[:2]
        return codes, counties, outside

    def _area_ids(
        self, asks: Asks, lat: NDArray[np.float64], lon: NDArray[np.float64],
        named: dict[int, str], flags: dict[int, list[str]],
    ) -> list[tuple[str, ...]]:  # fmt: skip
        result: list[tuple[str, ...]] = [()] * len(asks)
        for i, area_id in self.areas_containing(asks.tenant, lat, lon):
            result[i] = (*result[i], area_id)
        for i, chosen in named.items():
            if chosen not in result[i]:
                lineage = self.areas_of(str(asks.tenant[i])).lineage(chosen)
                if result[i]:
                    flags.setdefault(i, []).append("point_outside_area")
                result[i] = (*lineage, *(a for a in result[i] if a not in lineage))
        return result

    def _sun_places(self, asks: Asks, located: Located) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        lat, lon = located.lat.copy(), located.lon.copy()
        for i in (int(n) for n in np.flatnonzero(np.isnan(lat))):
            tenant, areas = str(asks.tenant[i]), located.area_ids[i]
            code = located.municipality[i]
            centre = self.areas_of(tenant).centroid(areas[0]) if areas else None
            centre = (
                centre or (self.boundaries.centre(code) if code else None) or self.boundaries.centre(tenant)
            )
            if centre is not None:
                lat[i], lon[i] = centre
        return lat, lon
