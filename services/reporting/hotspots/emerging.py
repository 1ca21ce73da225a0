"""A tenant's emerging hot spots: each week's cells tested on their own, then each cell's weeks read as
a pattern (:mod:`embrace.statistics.emerging`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from embrace.geo.cells import as_text, cell_ids_of, centre, counted, in_warehouse, ring_one
from embrace.sqlstore.place_tables import Boundary
from embrace.statistics.emerging import patterns
from embrace.warehouse import Warehouse
from embrace.warehouse.begun import began
from embrace.weeks import label, preceding
from services.reporting.hotspots.tested import Found, NoBoundary

WEEKLY = """
SELECT iso_week, {cell} AS cell, count() AS n FROM {{db}}.current_incidents
WHERE tenant = {{tenant:String}} AND iso_week IN {{weeks:Array(String)}} AND NOT is_summary AND h3_r9 != 0
GROUP BY iso_week, cell
"""
FEWEST_WEEKS = 4  # to read a trend and a pattern from


@dataclass(frozen=True)
class Emerged:
    weeks: list[str]  # the weeks read, oldest first: none before the tenant's first incident
    cells: list[dict[str, Any]]  # those with a pattern


def emerging(session: Session, warehouse: Warehouse, tenant: str, last: str, weeks: int,
             resolution: int) -> Emerged:  # fmt: skip
    """The cells with a pattern over the ``weeks`` weeks to ``last``, oldest week first in the cube.
    Weeks before the tenant's first incident are left out: they would read as weeks no cell stood
    out in, and make a place hot ever since as good as new."""
    boundary = session.get(Boundary, tenant)
    if boundary is None or boundary.geometry is None:
        raise NoBoundary(tenant)
    start = began(warehouse, [tenant])
    span = [w for w in [*preceding(last, weeks - 1), last] if start is not None and w >= label(start)]
    if len(span) < FEWEST_WEEKS:
        return Emerged(span, [])
    cells = cell_ids_of(boundary.geometry, resolution)
    cube = np.stack([counted(cells, *found) for found in _weekly(warehouse, tenant, span, resolution)])
    found = patterns(cube, ring_one(cells))
    named = as_text(cells[[e.place for e in found]])
    return Emerged(span, [{"tenant": tenant, "cell": cell, **centre(cell), "pattern": e.pattern,
                           "tau": round(e.trend.tau, 4), "p": round(e.trend.p, 6), "hot_weeks": e.hot_weeks,
                           "cold_weeks": e.cold_weeks, "count": int(cube[:, e.place].sum())}
                          for cell, e in zip(named, found, strict=True)])  # fmt: skip


def _weekly(warehouse: Warehouse, tenant: str, span: list[str], resolution: int) -> list[Found]:
    """Each week's cells with incidents and their counts, oldest first."""
    found = warehouse.columns(WEEKLY.format(cell=in_warehouse(resolution)), {"tenant": tenant, "weeks": span})
    weeks = [found["iso_week"] == week for week in span]
    return [(found["cell"][week], found["n"][week]) for week in weeks]
