"""The weekly report's "where to focus next week": the areas and H3 cells with the most incidents
expected next week (with their 80 % intervals), and the tested hot spots of the four weeks to the
report's week. For prevention in places (docs/where-next.md)."""

from __future__ import annotations

from typing import Any

from embrace.geo.areas import AreaIndex
from embrace.geo.cells import areas_of, centre
from embrace.sqlstore import SqlStore
from embrace.sqlstore.places import area_index
from embrace.warehouse import Warehouse
from embrace.weeks import shift
from services.reporting.forecast.predicted import predicted
from services.reporting.hotspots.tested import Asked, NoBoundary, hotspots

TOP = 5
HOT_WEEKS = 4


def focus(sql_store: SqlStore, warehouse: Warehouse, tenant: str, week: str) -> dict[str, Any]:
    by_area, by_cell = (predicted(warehouse, [tenant], week, 1, level) for level in ("area", "8"))
    areas, cells = by_area["places"][:TOP], by_cell["places"][:TOP]
    asked = Asked(shift(week, 1 - HOT_WEEKS), week, 8, [], [])
    with sql_store.session() as session:
        try:
            tested = hotspots(session, warehouse, tenant, asked)
        except NoBoundary:
            tested = None
        index = area_index(session, tenant)
    hot = sorted((c for c in tested or [] if c["kind"] == "hot"), key=lambda c: -c["gi_z"])[:TOP]
    return {
        "week": shift(week, 1),
        "areas": [{"area": a["place"], **_range(a)} for a in areas],
        "cells": _placed(index, [{"cell": c["place"], **centre(c["place"]), **_range(c)} for c in cells]),
        "hotspots": _placed(index, [_hot(c) for c in hot]),
        "forecast_note": by_cell.get("note", ""),  # why there is no forecast, when there is none
        "hotspots_from": asked.first,
        "tested": tested is not None,  # False: the municipality has no boundary to lay cells over
    }


def _placed(index: AreaIndex, cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each cell with its area (:func:`embrace.geo.cells.areas_of`), so a partner reads a place, not
    only coordinates."""
    areas = areas_of(index, [c["cell"] for c in cells])
    return [{**c, "area": area} for c, area in zip(cells, areas, strict=True)]


def _hot(cell: dict[str, Any]) -> dict[str, Any]:
    z = round(cell["gi_z"], 1)
    return {
        "cell": cell["cell"],
        **centre(cell["cell"]),
        "count": cell["count"],
        "around": cell["around"],
        "z": z,
    }


def _range(place: dict[str, Any]) -> dict[str, Any]:
    return {"expected": place["expected"], "low": place["low"], "high": place["high"]}
