"""A tenant's tested hot spots for a range of weeks: every H3 cell of its municipality (centre inside the
boundary, empty cells included), its count of incidents placed by point or address, the count of the
cell and its ring (``around``: what Gi* weighs, so a quiet cell amid busy ones is hot), its Gi* z, the
randomisation p-value and hot or cold after false-discovery-rate control across the cells."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from embrace.geo.cells import as_text, cell_ids_of, counted, in_warehouse, ring_one
from embrace.sqlstore.place_tables import Boundary
from embrace.statistics.hotspots import hot_and_cold
from embrace.warehouse import Warehouse

# Tenants come back as their positions in the list asked for, cells as ids: numbers, not strings.
COUNTS = """
SELECT toUInt16(transform(tenant, {{tenants:Array(String)}}, range({tenants}), 0)) AS t, {cell} AS cell,
       count() AS n
FROM {{db}}.current_incidents
WHERE tenant IN {{tenants:Array(String)}} AND iso_week >= {{first:String}} AND iso_week <= {{last:String}}
AND NOT is_summary AND h3_r9 != 0
AND (empty({{categories:Array(String)}}) OR category IN {{categories:Array(String)}})
AND (empty({{groups:Array(String)}}) OR category_group IN {{groups:Array(String)}})
GROUP BY t, cell
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
    stored = session.query(Boundary.code, Boundary.geometry).filter(Boundary.code.in_(tenants))
    found = {code: geometry for code, geometry in stored if geometry is not None}  # one query, not 290
    if missing := [t for t in tenants if t not in found]:
        raise NoBoundary(missing[0])
    shapes = {tenant: found[tenant] for tenant in tenants}
    counts = _counts(warehouse, tenants, asked)
    return [row for (tenant, shape), cells in zip(shapes.items(), counts, strict=True)
            for row in _tested(tenant, shape, cells, asked)]  # fmt: skip


Row = dict[str, Any]
Found = tuple[NDArray[np.uint64], NDArray[np.uint64]]  # cells and their counts


def _tested(tenant: str, shape: dict[str, Any], found: Found, asked: Asked) -> list[Row]:
    cells = cell_ids_of(shape, asked.resolution)
    counts = counted(cells, *found)
    near = ring_one(cells)
    result = hot_and_cold(counts, near)
    z, p = np.round(result.z, 6).tolist(), np.round(result.p, 6).tolist()
    around = (near @ counts).astype(int).tolist()  # what Gi* weighs: the cell and its ring
    rows = zip(as_text(cells), counts.astype(int).tolist(), around, z, p, result.kind, strict=True)
    return [{"tenant": tenant, "cell": cell, "count": n, "around": m, "gi_z": gi_z, "p": p_value,
             "kind": kind} for cell, n, m, gi_z, p_value, kind in rows]  # fmt: skip


def _counts(warehouse: Warehouse, tenants: list[str], asked: Asked) -> list[Found]:
    """Each tenant's cells with incidents and their counts, in the order of ``tenants``."""
    found = warehouse.columns(COUNTS.format(cell=in_warehouse(asked.resolution), tenants=len(tenants)),
                              {"tenants": tenants, "first": asked.first, "last": asked.last,
                               "categories": asked.categories, "groups": asked.groups})  # fmt: skip
    order = np.argsort(found["t"], kind="stable")
    bounds = np.searchsorted(found["t"][order], np.arange(len(tenants) + 1))
    cells, counts = found["cell"][order], found["n"][order]
    return [(cells[a:b], counts[a:b]) for a, b in itertools.pairwise(bounds)]
