"""Area outlines for a report's map: the tenant's most affected areas, simplified so a report stays small."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from shapely.geometry import MultiPolygon, Polygon, shape

SHAPES = """
SELECT area_id, name, geometry FROM {db}.areas FINAL
WHERE tenant = {tenant:String} AND NOT retracted AND area_id IN {areas:Array(String)} ORDER BY area_id
"""
TOLERANCE = 0.0002  # degrees, about 20 m: finer than the map can draw
Query = Callable[[str, dict[str, Any]], list[tuple[Any, ...]]]


def outlines(query: Query, tenant: str, area_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Each area as ``{"area_id", "name", "rings"}``, its outer rings as ``[[lon, lat], ...]``."""
    if not tenant or not area_ids:
        return []
    found = query(SHAPES, {"tenant": tenant, "areas": list(area_ids)})
    return [{"area_id": area_id, "name": name, "rings": _rings(shape(json.loads(geometry)))}
            for area_id, name, geometry in found]  # fmt: skip


def _rings(geometry: Any) -> list[list[list[float]]]:
    simple = geometry.simplify(TOLERANCE, preserve_topology=True)
    polygons = simple.geoms if isinstance(simple, MultiPolygon) else [simple]
    return [[[round(x, 5), round(y, 5)] for x, y in p.exterior.coords] for p in polygons
            if isinstance(p, Polygon)]  # fmt: skip
