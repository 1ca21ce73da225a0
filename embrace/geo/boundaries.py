"""Where a point lies: inside Sweden, and how far outside a municipality, from imported boundaries.

Boundaries are the operator's own files (`embrace geo import`); without them the checks fall back to
Sweden's bounding box and skip the municipality check rather than guess.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points
from shapely.strtree import STRtree

from embrace.contracts.fields import GeoPoint
from embrace.geo.polygons import centre_of
from embrace.geo.raster import EXACT, Grid, pure_cells

EARTH_RADIUS_KM = 6371.0
COAST_TOLERANCE_KM = 3.0  # piers, islets and boats just off the official boundary are still Sweden
_NONE = np.iinfo(np.int64).max
_COAST_TOLERANCE_DEG = 0.09  # wider than 3 km in every direction up to 69 N; km_between decides
_CELL_LAT, _CELL_LON = 0.01, 0.02  # about 1.1 km either way at 60 N


def km_between(
    lat1: NDArray[np.float64], lon1: NDArray[np.float64], lat2: NDArray[np.float64], lon2: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Great-circle distance (haversine), of many pairs of points at once."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    km: NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
    return km


def place_key(text: str) -> str:
    """How place names are matched: case, accents, punctuation and spacing ignored ("Högalid" = "hogalid")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.split())


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    geometry: BaseGeometry
    county: str | None = None  # Swedish municipality codes begin with their county's

    @cached_property
    def centre(self) -> tuple[float, float]:
        return centre_of(self.geometry)

    @property
    def county_code(self) -> str:
        return self.county or self.code[:2]


class Boundaries:
    """The official municipalities: which one a point lies in, and how far outside one it is.

    A point on a boundary that municipalities share belongs to the one with the lowest code, so every
    point has exactly one. A point in a lake the boundaries leave out (Vättern is a hole in them) and a
    point just off the coast (within COAST_TOLERANCE_KM: a pier, an islet the boundary leaves out)
    belong to the nearest municipality.
    """

    def __init__(self, municipalities: Iterable[Municipality]) -> None:
        self._by_code = {m.code: m for m in municipalities}
        self._all = sorted(self._by_code.values(), key=lambda m: m.code)  # a hit's position ranks its code
        self._geometries = np.array([m.geometry for m in self._all], dtype=object)
        self._index = STRtree(self._geometries) if self._all else None

    def __bool__(self) -> bool:
        return bool(self._all)

    def locate(self, lats: NDArray[np.float64], lons: NDArray[np.float64]) -> NDArray[np.int64]:
        """Each point's municipality by the rules above, as a position in :attr:`municipalities`; -1 for
        none (outside Sweden, no place, or no boundaries). Works on arrays: a million points at once."""
        if self._index is None or not len(lats):
            return np.full(len(lats), -1, dtype=np.int64)
        grid, table = self._raster
        cells = grid.cell_of(lats, lons)
        found = np.where(cells >= 0, table[cells], EXACT)
        exact = np.flatnonzero((found == EXACT) & ~np.isnan(lats))
        found[exact] = self.locate_exactly(lats[exact], lons[exact])
        return np.where(found == EXACT, -1, found)

    @cached_property
    def _raster(self) -> tuple[Grid, NDArray[np.int64]]:
        """Cells about a kilometre wide; most lie inside one municipality and place their points alone."""
        grid = Grid.over(shapely.total_bounds(self._geometries), _CELL_LAT, _CELL_LON)
        return grid, pure_cells(grid, self._geometries, self._within)

    def _within(self, lats: NDArray[np.float64], lons: NDArray[np.float64]) -> NDArray[np.int64]:
        """The lowest position of a municipality that covers each point, or -1: no lakes, no coast."""
        found = self._covering(np.asarray(shapely.points(lons, lats)))
        return np.where(found == _NONE, -1, found)

    def _covering(self, points: NDArray[np.object_]) -> NDArray[np.int64]:
        found = np.full(len(points), _NONE, dtype=np.int64)
        if self._index is None:
            return found
        inputs, hits = self._index.query(points, predicate="intersects")
        np.minimum.at(found, inputs, hits)  # the lowest position is the lowest code
        return found

    def locate_exactly(self, lats: NDArray[np.float64], lons: NDArray[np.float64]) -> NDArray[np.int64]:
        """What :meth:`locate` answers, by geometry tests alone (no grid): slower, and its reference."""
        if self._index is None:
            return np.full(len(lats), -1, dtype=np.int64)
        index = self._index
        points = np.asarray(shapely.points(lons, lats))
        found = self._covering(points)
        missing = np.flatnonzero((found == _NONE) & ~np.isnan(lats))
        lakes = missing[shapely.covers(self._filled(), points[missing])]
        if lakes.size:
            found[lakes] = index.nearest(points[lakes])
            missing = np.setdiff1d(missing, lakes)
        if missing.size:
            asked, near = index.query_nearest(points[missing], max_distance=_COAST_TOLERANCE_DEG)
            shore = shapely.get_coordinates(
                shapely.shortest_line(self._geometries[near], points[missing][asked])
            ).reshape(-1, 2, 2)[:, 0]
            km = km_between(lats[missing][asked], lons[missing][asked], shore[:, 1], shore[:, 0])
            close = km <= COAST_TOLERANCE_KM
            np.minimum.at(found, missing[asked][close], near[close])
        return np.where(found == _NONE, -1, found)

    @cache  # noqa: B019 - one per Boundaries, which live as long as the process
    def _filled(self) -> BaseGeometry:
        """Sweden as the union of its municipalities, with the holes (lakes) filled in."""
        union = shapely.union_all([m.geometry for m in self._all])
        parts = getattr(union, "geoms", [union])
        filled = shapely.union_all([shapely.Polygon(p.exterior) for p in parts])
        shapely.prepare(filled)
        return filled

    @property
    def municipalities(self) -> list[Municipality]:
        return self._all

    def get(self, code: str) -> Municipality | None:
        return self._by_code.get(code)

    def centre(self, code: str) -> tuple[float, float] | None:
        """(lat, lon) of a point inside the municipality."""
        municipality = self._by_code.get(code)
        return municipality.centre if municipality is not None else None

    def containing(self, point: GeoPoint) -> str | None:
        """The code of the municipality the point lies in."""
        if self._index is None:
            return None
        here = Point(point.lon, point.lat)
        for position in self._index.query(here, predicate="intersects"):
            return self._all[int(position)].code
        return None

    def km_outside(self, code: str, point: GeoPoint) -> float | None:
        """0 inside the municipality, else the distance to its boundary; None for an unknown municipality."""
        municipality = self._by_code.get(code)
        if municipality is None:
            return None
        return _km_outside(municipality.geometry, point)

    def in_sweden(self, point: GeoPoint) -> bool:
        """Placeable in a municipality by the rules above."""
        if self._index is None:
            raise LookupError("no boundaries imported")
        return bool(self.locate(np.array([point.lat]), np.array([point.lon]))[0] >= 0)


def _km_outside(geometry: BaseGeometry, point: GeoPoint) -> float:
    here = Point(point.lon, point.lat)
    if geometry.intersects(here):
        return 0.0
    closest = nearest_points(geometry, here)[0]
    lat1, lon1, lat2, lon2 = (np.array([v]) for v in (point.lat, point.lon, closest.y, closest.x))
    return float(km_between(lat1, lon1, lat2, lon2)[0])
