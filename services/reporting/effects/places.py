"""Where an intervention is measured: its target area, the buffer ring around it, and the places a
comparison may be drawn from, the tenant's other areas or H3 cells that do not touch the ring.

Shapes are compared in local metres around the target's centre (equirectangular: fine within a
municipality).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import h3
import numpy as np
import shapely
from shapely.geometry import Polygon, shape
from shapely.geometry.base import BaseGeometry

from embrace.warehouse import Warehouse
from services.reporting.effects.plans import NotMeasurable

AREAS = "SELECT area_id, geometry FROM {db}.areas FINAL WHERE tenant = {tenant:String} AND NOT retracted"
METRES_PER_DEGREE = 111_320.0
OVERLAP = 0.01  # two candidates sharing more than this share of the smaller are not pooled together


@dataclass(frozen=True)
class Local:
    lat0: float
    lon0: float

    def xy(self, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        scale = METRES_PER_DEGREE * math.cos(math.radians(self.lat0))
        return (lons - self.lon0) * scale, (lats - self.lat0) * METRES_PER_DEGREE

    def shape(self, geometry: BaseGeometry) -> BaseGeometry:
        moved: BaseGeometry = shapely.transform(
            geometry, lambda xy: np.column_stack(self.xy(xy[:, 1], xy[:, 0]))
        )
        return moved

    def degrees(self, metres: float) -> tuple[float, float]:
        """``metres`` as degrees of latitude and of longitude here."""
        return metres / METRES_PER_DEGREE, metres / (METRES_PER_DEGREE * math.cos(math.radians(self.lat0)))


@dataclass(frozen=True)
class Surroundings:
    local: Local
    ring: BaseGeometry
    reach: BaseGeometry  # the target and its ring: what a comparison may not touch
    box: tuple[float, float, float, float]  # the reach's bounds: lat and lon, lowest and highest
    candidates: dict[str, BaseGeometry] = field(default_factory=dict)  # areas clear of the reach
    known: frozenset[str] = frozenset()  # every area of the tenant but the target

    def in_ring(self, lats: Iterable[float], lons: Iterable[float]) -> np.ndarray:
        x, y = self.local.xy(np.fromiter(lats, float), np.fromiter(lons, float))
        return np.asarray(shapely.contains_xy(self.ring, x, y), dtype=bool)

    def clear_cells(self, cells: Iterable[str]) -> list[str]:
        """The H3 cells (hexadecimal) whose hexagon does not touch the target or its ring."""
        clear = []
        for cell in cells:
            outline = Polygon([(lon, lat) for lat, lon in h3.cell_to_boundary(cell)])
            if not self.local.shape(outline).intersects(self.reach):
                clear.append(cell)
        return clear

    def overlapping(self, one: str, other: str) -> bool:
        a, b = self.candidates.get(one), self.candidates.get(other)
        if a is None or b is None:
            return False
        return bool(a.intersection(b).area > OVERLAP * min(a.area, b.area))


def surroundings(warehouse: Warehouse, tenant: str, area_id: str, buffer_m: float) -> Surroundings:
    outlines = {a: shape(json.loads(g)) for a, g in warehouse.query(AREAS, {"tenant": tenant})}
    if area_id not in outlines:
        raise NotMeasurable("the target area has no outline")
    target = outlines.pop(area_id)
    local = Local(target.centroid.y, target.centroid.x)
    mine = local.shape(target)
    reach = mine.buffer(buffer_m) if buffer_m > 0 else mine
    (west, south, east, north), (dlat, dlon) = target.bounds, local.degrees(buffer_m)
    box = (south - dlat, north + dlat, west - dlon, east + dlon)
    clear = {a: s for a, g in outlines.items() if not (s := local.shape(g)).intersects(reach)}
    return Surroundings(local, reach.difference(mine), reach, box, clear, frozenset(outlines))
