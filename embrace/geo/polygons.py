"""Polygons given as GeoJSON (boundaries, tenants' areas): checked, and a point inside each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry


def centre_of(geometry: BaseGeometry) -> tuple[float, float]:
    """(lat, lon) of a point inside a polygon (a centroid may lie outside a crescent or a bay)."""
    inside = geometry.representative_point()
    return inside.y, inside.x


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
