"""A tenant's tested hot spots for a range of weeks: every H3 cell of its municipality (centre inside the
boundary, empty cells included), its count of incidents placed by point or address, its Gi* z, the
randomisation p-value and hot or cold after false-discovery-rate control across the cells."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from embrace.geo.cells import cells_of, counted, ring_one, stored_at
from embrace.sqlstore.tables import Boundary
from embrace.statistics.hotspots import hot_and_cold
from embrace.warehouse import Warehouse

COUNTS = """
SELECT h3_r9, count() FROM {db}.current_incidents
WHERE tenant = {tenant:String} AND iso_week >= {first:String} AND iso_week <= {last:String}
AND NOT is_summary AND h3_r9 != 0
AND (empty({categories:Array(String)}) OR category IN {categories:Array(String)})
AND (empty({groups:Array(String)}) OR category_group IN {groups:Array(String)})
GROUP BY h3_r9
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
    boundary = session.get(Boundary, tenant)
    if boundary is None or boundary.geometry is None:
        raise NoBoundary(tenant)
    cells = cells_of(boundary.geometry, asked.resolution)
    found = _counts(warehouse, tenant, asked)
    counts = counted(cells, found)
    result = hot_and_cold(counts, ring_one(cells))
    rows = zip(cells, counts, result.z, result.p, result.kind, strict=True)
    return [{"tenant": tenant, "cell": cell, "count": int(n), "gi_z": round(float(z), 6),
             "p": round(float(p), 6), "kind": kind} for cell, n, z, p, kind in rows]  # fmt: skip


def _counts(warehouse: Warehouse, tenant: str, asked: Asked) -> dict[str, int]:
    rows = warehouse.query(COUNTS, {"tenant": tenant, "first": asked.first, "last": asked.last,
                                    "categories": asked.categories, "groups": asked.groups})  # fmt: skip
    cells = stored_at([cell for cell, _ in rows], asked.resolution)
    total: Counter[str] = Counter()
    for cell, (_, n) in zip(cells, rows, strict=True):
        total[cell] += int(n)
    return dict(total)
