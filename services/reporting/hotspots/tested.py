"""A tenant's tested hot spots for a range of weeks: every H3 cell of its municipality (centre inside the
boundary, empty cells included), its count of incidents placed by point or address, its Gi* z, the
randomisation p-value and hot or cold after false-discovery-rate control across the cells."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from embrace.geo.cells import as_text, cells_of, counted, in_warehouse, ring_one
from embrace.sqlstore.tables import Boundary
from embrace.statistics.hotspots import hot_and_cold
from embrace.warehouse import Warehouse

COUNTS = """
SELECT tenant, {cell} AS cell, count() FROM {{db}}.current_incidents
WHERE tenant IN {{tenants:Array(String)}} AND iso_week >= {{first:String}} AND iso_week <= {{last:String}}
AND NOT is_summary AND h3_r9 != 0
AND (empty({{categories:Array(String)}}) OR category IN {{categories:Array(String)}})
AND (empty({{groups:Array(String)}}) OR category_group IN {{groups:Array(String)}})
GROUP BY tenant, cell
"""


@dataclass(frozen=True)
class Asked:
    first: str
    last: str
    resolution: int
    categories: list[str]
    groups: list[str]


class NoBoundary(LookupError):
    """The tenant's municipality has no boundary in the SQL store: nothing to lay cells over."""


def hotspots(session: Session, warehouse: Warehouse, tenant: str, asked: Asked) -> list[dict[str, Any]]:
    return every_hotspot(session, warehouse, [tenant], asked)


def every_hotspot(session: Session, warehouse: Warehouse, tenants: list[str],
                  asked: Asked) -> list[dict[str, Any]]:  # fmt: skip
    """Each tenant's cells tested on their own, counted in one query."""
    shapes = {}
    for tenant in tenants:
        boundary = session.get(Boundary, tenant)
        if boundary is None or boundary.geometry is None:
            raise NoBoundary(tenant)
        shapes[tenant] = boundary.geometry
    found = _counts(warehouse, tenants, asked)
    return [row for tenant, shape in shapes.items() for row in _tested(tenant, shape, found[tenant], asked)]


Row = dict[str, Any]


def _tested(tenant: str, shape: dict[str, Any], found: Mapping[str, int], asked: Asked) -> list[Row]:
    cells = cells_of(shape, asked.resolution)
    counts = counted(cells, found)
    result = hot_and_cold(counts, ring_one(cells))
    z, p = np.round(result.z, 6).tolist(), np.round(result.p, 6).tolist()
    rows = zip(cells, counts.astype(int).tolist(), z, p, result.kind, strict=True)
    return [{"tenant": tenant, "cell": cell, "count": n, "gi_z": gi_z, "p": p_value, "kind": kind}
            for cell, n, gi_z, p_value, kind in rows]  # fmt: skip


def _counts(warehouse: Warehouse, tenants: list[str], asked: Asked) -> dict[str, Counter[str]]:
    rows = warehouse.query(COUNTS.format(cell=in_warehouse(asked.resolution)),
                           {"tenants": tenants, "first": asked.first, "last": asked.last,
                            "categories": asked.categories, "groups": asked.groups})  # fmt: skip
    cells = as_text([cell for _, cell, _ in rows])
    total: dict[str, Counter[str]] = {t: Counter() for t in tenants}
    for cell, (tenant, _, n) in zip(cells, rows, strict=True):
        total[tenant][cell] = int(n)
    return total
