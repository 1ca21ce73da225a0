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
from typing import Protocol

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.strtree import STRtree

from embrace.areas import AreaIndex, TenantArea
from embrace.contracts import Area, Place
from embrace.contracts.enriched import LocationPrecision
from embrace.geography import Boundaries, place_key
from services.enrich.located import Ask, Located, cells

UNRESOLVED = "unresolved_address"


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
        self._everywhere: tuple[STRtree, NDArray[np.int64], list[str]] | None = None
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

    def _every_area(self) -> tuple[STRtree, NDArray[np.int64], list[str]] | None:
        """Every tenant's areas in one tree, smallest first, built again after an area changed."""
        with self._lock:
            if self._everywhere is None:
                every = ((a.geometry.area, int(t), a.area_id, a.geometry)
                         for t, mine in self._areas.items() for a in mine.values())  # fmt: skip
                areas = sorted(every, key=lambda e: e[:3])
                if areas:
                    tree = STRtree([g for *_, g in areas])
                    self._everywhere = (
                        tree,
                        np.array([t for _, t, _, _ in areas]),
                        [i for _, _, i, _ in areas],
                    )
            return self._everywhere

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
        points = np.asarray(shapely.points(lon, lat))
        municipality, county, outside = self._municipalities(asks, lat, lon, points)
        area_ids = self._area_ids(asks, lat, points, named, flags)
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
        self,
        asks: Sequence[Ask],
        lat: NDArray[np.float64],
        lon: NDArray[np.float64],
        points: NDArray[np.object_],
    ) -> tuple[list[str | None], list[str | None], list[bool]]:
        located = self.boundaries.locate(lat, lon, points)
        outside = ((located < 0) & ~np.isnan(lat)).tolist() if self.boundaries else [False] * len(asks)
        every = self.boundaries.municipalities
        codes: list[str | None] = np.array([m.code for m in every] + [None], dtype=object)[located].tolist()
        counties: list[str | None] = np.array([m.county_code for m in every] + [None], dtype=object)[
            located
        ].tolist()
        for i in np.flatnonzero(located < 0).tolist():
            ask = asks[i]
            if ask.precision in ("municipality", "county"):  # the source said where, and no finer
                official = self.boundaries.get(ask.municipality) if ask.municipality else None
                codes[i], counties[i] = ask.municipality, official.county_code if official else None
            else:  # no point, or none that lies in Sweden: where the tenant is
                own = self.boundaries.get(ask.tenant)
                codes[i], counties[i] = ask.tenant, own.county_code if own else ask.tenant[:2]
        return codes, counties, outside

    def _area_ids(
        self, asks: Sequence[Ask], lat: NDArray[np.float64], points: NDArray[np.object_],
        named: list[str | None], flags: list[list[str]],
    ) -> list[list[str]]:  # fmt: skip
        result: list[list[str]] = [[] for _ in asks]
        everywhere = self._every_area()
        if everywhere is not None:
            tree, tenant_of, id_of = everywhere
            rows = np.flatnonzero(~np.isnan(lat))
            tenants = np.fromiter(
                (int(asks[i].tenant) for i in rows.tolist()), dtype=np.int64, count=len(rows)
            )
            asked, hits = tree.query(points[rows], predicate="intersects")
            own = tenant_of[hits] == tenants[asked]  # one tree for every tenant; each keeps its own areas
            asked, hits = asked[own], hits[own]
            order = np.lexsort((hits, asked))  # the tree is ordered by size: smallest first
            for i, h in zip(rows[asked[order]].tolist(), hits[order].tolist(), strict=True):
                result[i].append(id_of[h])
        for i in (n for n, chosen in enumerate(named) if chosen is not None):
            chosen, index = named[i], self.areas_of(asks[i].tenant)
            if chosen not in result[i]:
                lineage = index.lineage(chosen)  # type: ignore[arg-type]
                if result[i]:
                    flags[i].append("point_outside_area")
                result[i] = [*lineage, *(a for a in result[i] if a not in lineage)]
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
