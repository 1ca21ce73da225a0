"""When a tenant draws or redraws an area, its history follows.

Stored incidents are assigned their areas again, by the same rules and code enrich uses for new ones
(:class:`embrace.geo.areas.AreaIndex`): by their point when they have one, else by the area they were
reported in and its ancestors. Rows whose areas changed are written again under the same version, which
``ReplacingMergeTree`` keeps as the last insert. Re-assigning beats assigning at query time because every
count, rollup and dashboard then reads a plain column.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from embrace.contracts import Area
from embrace.geo.areas import AreaIndex, TenantArea
from embrace.warehouse import Warehouse
from services.aggregate.rollups import Rollups

CURRENT_AREAS = """
SELECT area_id, name, parent, geometry FROM {db}.areas FINAL
WHERE tenant = {tenant:String} AND NOT retracted
"""
PLACED_INCIDENTS = """
SELECT * EXCEPT stored FROM {db}.incidents FINAL
WHERE tenant = {tenant:String} AND (lat IS NOT NULL OR area_id != '')
"""


def reassign_areas(warehouse: Warehouse, changed: Sequence[Area]) -> int:
    """Re-assign the stored incidents of every tenant whose areas changed; return the rows rewritten."""
    return sum(reassign_tenant(warehouse, tenant, changed) for tenant in sorted({a.tenant for a in changed}))


def reassign_tenant(warehouse: Warehouse, tenant: str, changed: Sequence[Area]) -> int:
    index = AreaIndex(current_areas(warehouse, tenant, changed).values())
    names, rows = warehouse.named_rows(PLACED_INCIDENTS, {"tenant": tenant})
    if not rows:
        return 0
    at = {name: n for n, name in enumerate(names)}
    lats = np.array([np.nan if r[at["lat"]] is None else r[at["lat"]] for r in rows], dtype=np.float64)
    lons = np.array([np.nan if r[at["lon"]] is None else r[at["lon"]] for r in rows], dtype=np.float64)
    by_point = index.containing(np.nan_to_num(lats), np.nan_to_num(lons))
    rewritten: list[list[Any]] = []
    for row, point_areas, has_point in zip(rows, by_point, ~np.isnan(lats), strict=True):
        areas = point_areas if has_point else index.lineage(row[at["area_id"]])
        if list(row[at["area_ids"]]) != areas:
            fresh = list(row)
            fresh[at["area_ids"]], fresh[at["area_id"]] = areas, areas[0] if areas else ""
            rewritten.append(fresh)
    warehouse.insert("incidents", names, rewritten)
    Rollups(warehouse).mark((row[at["tenant"]], row[at["iso_week"]]) for row in rewritten)
    return len(rewritten)


def current_areas(warehouse: Warehouse, tenant: str, changed: Sequence[Area]) -> dict[str, TenantArea]:
    """The tenant's areas as stored, with this batch's changes on top (they may not be stored yet)."""
    areas = {
        area_id: TenantArea.of(area_id, name, parent or None, json.loads(geometry))
        for area_id, name, parent, geometry in warehouse.query(CURRENT_AREAS, {"tenant": tenant})
    }
    for area in sorted((a for a in changed if a.tenant == tenant), key=lambda a: a.version):
        areas.pop(area.area_id, None)
        if not area.retracted:
            areas[area.area_id] = TenantArea.of(area.area_id, area.name, area.parent, area.geometry)
    return areas
