"""Where a point lies: inside Sweden, and how far outside a municipality, from imported boundaries.

Boundaries are the operator's own files (`embrace geo import`); without them the checks fall back to
Sweden's bounding box and skip the municipality check rather than guess.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points
from shapely.strtree import STRtree

from embrace.contracts.fields import GeoPoint

EARTH_RADIUS_KM = 6371.0
COAST_TOLERANCE_KM = 3.0  # piers, islets and boats just off the official boundary are still Sweden


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


class GeometryError(ValueError):
    pass


def polygonal(geometry: Mapping[str, Any]) -> BaseGeometry:
    """A shapely (multi)polygon from GeoJSON, or :class:`GeometryError` saying what is wrong."""
    unclosed = _unclosed_ring(geometry)
    if unclosed:
        raise GeometryError(f"ring {unclosed} is not closed: its last position must repeat its first")
    try:
        made = shape(dict(geometry))
    except (AttributeError, KeyError, TypeError, ValueError, shapely.errors.ShapelyError) as exc:
        raise GeometryError(f"not a GeoJSON geometry ({exc})") from None
    if made.geom_type not in ("Polygon", "MultiPolygon"):
        raise GeometryError(f"a {made.geom_type} is not an area")
    if made.is_empty:
        raise GeometryError("the geometry is empty")
    if not made.is_valid:
        raise GeometryError(shapely.is_valid_reason(made))
    return made


def _unclosed_ring(geometry: Mapping[str, Any]) -> str | None:
    """The first ring whose last position differs from its first (RFC 7946 3.1.6); shapely would close it."""
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry.get("type") == "Polygon" else coordinates
    if not isinstance(polygons, list):
        return None
    for p, polygon in enumerate(polygons):
        for r, ring in enumerate(polygon if isinstance(polygon, list) else []):
            if isinstance(ring, list) and len(ring) >= 2 and ring[0] != ring[-1]:
                return f"{p}.{r}" if geometry.get("type") == "MultiPolygon" else str(r)
    return None


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    geometry: BaseGeometry


class Boundaries:
    def __init__(self, municipalities: Iterable[Municipality]) -> None:
        self._by_code = {m.code: m for m in municipalities}
        self._all = list(self._by_code.values())
        self._index = STRtree([m.geometry for m in self._all]) if self._all else None

    def __bool__(self) -> bool:
        return bool(self._all)

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
        if self._index is None:
            raise LookupError("no boundaries imported")
        if self.containing(point) is not None:
            return True
        here = Point(point.lon, point.lat)
        nearest = self._all[int(self._index.nearest(here))]
        return _km_outside(nearest.geometry, point) <= COAST_TOLERANCE_KM


def _km_outside(geometry: BaseGeometry, point: GeoPoint) -> float:
    here = Point(point.lon, point.lat)
    if geometry.intersects(here):
        return 0.0
    closest = nearest_points(geometry, here)[0]
    return km_between(point.lat, point.lon, closest.y, closest.x)
