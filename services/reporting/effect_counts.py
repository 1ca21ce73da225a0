"""An intervention's counts for the effect measures, read from the warehouse.

During: from the intervention's start to its end, or to today while it runs. Before: as many days, ending
the day before it began. Counted are its targeted categories (all when it names none) in three places:
the target area (sub-areas included), a buffer ring around it (``buffer_m`` metres, incidents with a
point only), and the comparison area, the rest of the tenant. The buffer's comparison is the same rest.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import shapely
from shapely.geometry import shape

from embrace.warehouse import Warehouse
from services.reporting.effect import Areas, Counts

INTERVENTION = """
SELECT tenant, title, area_id, start, end, targeted_categories FROM {db}.interventions FINAL
WHERE intervention_id = {id:UUID} AND NOT retracted
"""
AREA = """
SELECT geometry FROM {db}.areas FINAL
WHERE tenant = {tenant:String} AND area_id = {area:String} AND NOT retracted
"""
INCIDENTS = """
SELECT local_date >= {start:Date} AS during, has(area_ids, {area:String}) AS inside, lat, lon,
empty({compared:Array(String)}) OR hasAny(area_ids, {compared:Array(String)}) AS comparable
FROM {db}.current_incidents
WHERE tenant = {tenant:String} AND NOT is_summary AND local_date BETWEEN {first:Date} AND {last:Date}
AND (empty({categories:Array(String)}) OR has({categories:Array(String)}, category))
"""
METRES_PER_DEGREE = 111_320.0


class NotMeasurable(ValueError):
    """The intervention has no target area or no start to measure by."""


@dataclass(frozen=True)
class Measured:
    tenant: str
    title: str
    area_id: str
    categories: list[str]
    before: tuple[date, date]
    during: tuple[date, date]
    areas: Areas


@dataclass(frozen=True)
class Planned:
    intervention_id: uuid.UUID
    tenant: str
    title: str
    area_id: str
    start: date
    end: date | None
    categories: list[str]


def find(warehouse: Warehouse, intervention_id: uuid.UUID) -> Planned | None:
    found = warehouse.query(INTERVENTION, {"id": intervention_id})
    if not found:
        return None
    tenant, title, area_id, start, end, categories = found[0]
    return Planned(intervention_id, tenant, title, area_id, start, end, list(categories))


def measure(
    warehouse: Warehouse, plan: Planned, today: date, buffer_m: float, compared: Sequence[str] = ()
) -> Measured:
    """The counts of an intervention; :class:`NotMeasurable` when it has no area or has not begun. The
    comparison is the rest of the municipality, or the areas in ``compared``."""
    if plan.area_id in compared:
        raise NotMeasurable("the comparison areas may not include the target area")
    if not plan.area_id:
        raise NotMeasurable("the intervention names no target area")
    if plan.start > today:
        raise NotMeasurable("the intervention has not begun")
    last = min(plan.end or today, today)
    days = (last - plan.start).days + 1
    first = plan.start - timedelta(days=days)
    asked = {"tenant": plan.tenant, "area": plan.area_id, "start": plan.start, "first": first, "last": last,
             "categories": plan.categories, "compared": list(compared)}  # fmt: skip
    rows = warehouse.query(INCIDENTS, asked)
    areas = _counted(rows, _ring(warehouse, plan.tenant, plan.area_id, buffer_m))
    return Measured(plan.tenant, plan.title, plan.area_id, plan.categories,
                    (first, plan.start - timedelta(days=1)), (plan.start, last), areas)  # fmt: skip


def _counted(rows: list[tuple[object, ...]], ring: Ring | None) -> Areas:
    tally = {place: [0, 0] for place in ("target", "buffer", "rest")}
    points = [(n, lat, lon) for n, (_, inside, lat, lon, _) in enumerate(rows)
              if not inside and lat is not None]  # fmt: skip
    in_ring = ring.holds([p[1] for p in points], [p[2] for p in points]) if ring and points else []
    ringed = {n for (n, _, _), held in zip(points, in_ring, strict=True) if held}
    for n, (during, inside, _, _, comparable) in enumerate(rows):
        place = "target" if inside else "buffer" if n in ringed else "rest" if comparable else ""
        if place:
            tally[place][int(bool(during))] += 1
    target, buffer, rest = (Counts(*tally[p]) for p in ("target", "buffer", "rest"))
    return Areas(target=target, control=rest, buffer=buffer, buffer_control=rest)


@dataclass(frozen=True)
class Ring:
    """The buffer ring in local metres around the area's centre (equirectangular: fine at this scale)."""

    geometry: shapely.Geometry
    lat0: float
    lon0: float

    def holds(self, lats: list[object], lons: list[object]) -> list[bool]:
        x, y = _metres(self.lat0, self.lon0, np.asarray(lats, dtype=float), np.asarray(lons, dtype=float))
        return [bool(v) for v in shapely.contains_xy(self.geometry, x, y)]


def _metres(lat0: float, lon0: float, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = METRES_PER_DEGREE * math.cos(math.radians(lat0))
    return (lons - lon0) * scale, (lats - lat0) * METRES_PER_DEGREE


def _ring(warehouse: Warehouse, tenant: str, area_id: str, buffer_m: float) -> Ring | None:
    found = warehouse.query(AREA, {"tenant": tenant, "area": area_id})
    if not found or buffer_m <= 0:
        return None
    area = shape(json.loads(found[0][0]))
    lat0, lon0 = area.centroid.y, area.centroid.x
    local = shapely.transform(area, lambda xy: np.column_stack(_metres(lat0, lon0, xy[:, 1], xy[:, 0])))
    return Ring(local.buffer(buffer_m).difference(local), lat0, lon0)
