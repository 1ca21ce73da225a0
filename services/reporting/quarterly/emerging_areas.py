"""The quarterly analysis's emerging patterns: the quarter's weeks read cell by cell as emerging hot
(or cold) spots (:mod:`services.reporting.hotspots.emerging`), each cell placed in its area
(:func:`embrace.geo.cells.areas_of`), and counted per area and pattern."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from embrace.geo.cells import areas_of
from embrace.sqlstore import SqlStore
from embrace.sqlstore.places import area_index
from embrace.warehouse import Warehouse
from embrace.weeks import label, reported_through
from services.reporting.hotspots.emerging import emerging
from services.reporting.hotspots.tested import NoBoundary
from services.reporting.quarterly.quarters import days

WEEKS = 13


def emerging_by_area(sql_store: SqlStore, warehouse: Warehouse, tenant: str, quarter: str,
                     today: date) -> dict[str, Any]:  # fmt: skip
    last = label(min(days(quarter)[1], reported_through(today)))  # the quarter's last week reported
    with sql_store.session() as session:
        try:
            found = emerging(session, warehouse, tenant, last, WEEKS, 8)
        except NoBoundary:
            return {"tested": False, "to": last, "areas": []}
        index = area_index(session, tenant)
    patterns: dict[str, Counter[str]] = defaultdict(Counter)
    for cell, area in zip(found.cells, areas_of(index, [c["cell"] for c in found.cells]), strict=True):
        patterns[area][cell["pattern"]] += 1
    named_first = sorted(patterns.items(), key=lambda item: (item[0] == "", item[0]))  # outside areas last
    areas = [{"area": area, "patterns": dict(found.most_common())} for area, found in named_first]
    return {"tested": True, "to": last, "weeks": len(found.weeks), "areas": areas}
