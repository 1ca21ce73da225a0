"""Where next at regional scale: tested hot spots for every Swedish municipality at resolution 8, one
municipality at resolution 9, and next week's forecast for all of them, each timed end to end (the
warehouse's counts, the cells, the tests, the model) on chDB holding 10 million incidents.

    python bench/where_next.py [--data ../shared/data] [--incidents 10000000]

The incidents are spread evenly over the 290 real municipalities, each inside its boundary's bounding
box, over three years (bench/warehouse.py's fill). Target: each under 5 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import scratch, table
from bench.warehouse import fill
from embrace.sqlstore import SqlStore
from embrace.sqlstore.boundaries import save_boundaries
from embrace.sqlstore.place_tables import Boundary
from embrace.warehouse import Warehouse
from services.cli.geo_commands import read_boundaries
from services.reporting.forecast.predicted import predicted
from services.reporting.hotspots.tested import Asked, every_hotspot, hotspots

AS_OF = "2025-W10"
LAST_FOUR = Asked("2025-W07", AS_OF, 8, [], [])


def boxes_of(sql_store: SqlStore) -> dict[str, tuple[float, float, float, float]]:
    """Each municipality's bounding box (south, north, west, east), from its stored boundary."""
    with sql_store.session() as session:
        stored = session.query(Boundary).filter(Boundary.kind == "municipality")
        found = {b.code: b.geometry or {} for b in stored}
    boxes = {}
    for code, geometry in found.items():
        rings = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        points = np.array([p for polygon in rings for ring in polygon for p in ring])
        boxes[code] = (float(points[:, 1].min()), float(points[:, 1].max()), float(points[:, 0].min()),
                       float(points[:, 0].max()))  # fmt: skip
    return boxes


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    made = run()
    return time.perf_counter() - started, made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--incidents", type=int, default=10_000_000)
    args = parser.parse_args()
    home = scratch("where-next")
    sql_store = SqlStore.connect(f"sqlite:///{home / 'embrace.sqlite3'}")
    sql_store.migrate()
    warehouse = Warehouse.connect(f"chdb://{home / 'warehouse'}", "bench")
    try:
        with sql_store.session() as session:
            save_boundaries(session, read_boundaries(args.data / "geo" / "swedish_municipalities.geojson",
                                                     "municipality"))  # fmt: skip
        boxes = boxes_of(sql_store)
        warehouse.migrate()
        made = fill(warehouse, args.incidents, boxes)
        warehouse.command("OPTIMIZE TABLE {db}.incidents FINAL")
        tenants = sorted(boxes)
        rows = [("incidents", f"{args.incidents:,} in {len(tenants)} municipalities, made in {made:.0f} s")]
        rows += measured(sql_store, warehouse, tenants, max(boxes, key=lambda t: _area(boxes[t])))
        print(table(rows))
    finally:
        warehouse.close()
        sql_store.close()


def _area(box: tuple[float, float, float, float]) -> float:
    south, north, west, east = box
    return float((north - south) * (east - west) * np.cos(np.radians((north + south) / 2)))


def measured(sql_store: SqlStore, warehouse: Warehouse, tenants: list[str], largest: str,
             ) -> list[tuple[str, str]]:  # fmt: skip
    with sql_store.session() as session:
        regional, cells = timed(lambda: every_hotspot(session, warehouse, tenants, LAST_FOUR))
        regional_again, _ = timed(lambda: every_hotspot(session, warehouse, tenants, LAST_FOUR))
        fine = Asked(LAST_FOUR.first, LAST_FOUR.last, 9, [], [])
        one, fine_cells = timed(lambda: hotspots(session, warehouse, largest, fine))
    by_cell, forecast = timed(lambda: predicted(warehouse, tenants, AS_OF, 1, "8"))
    again, _ = timed(lambda: predicted(warehouse, tenants, AS_OF, 1, "8"))  # as a serving process would
    by_place, whole = timed(lambda: predicted(warehouse, tenants, AS_OF, 1, "municipality"))
    hot = sum(c["kind"] == "hot" for c in cells)
    return [
        (f"hot spots, all {len(tenants)} municipalities, resolution 8, 4 weeks (target < 5 s)",
         f"{regional:.1f} s: {len(cells):,} cells, {hot} hot"),
        ("the same hot spots again, in the same process", f"{regional_again:.1f} s"),
        (f"hot spots, {largest} (the largest), resolution 9, 4 weeks (target < 5 s)",
         f"{one:.1f} s: {len(fine_cells):,} cells"),
        ("forecast, every resolution-8 cell with incidents in the year (target < 5 s)",
         f"{by_cell:.1f} s: {len(forecast['places']):,} cells"),
        ("the same forecast again, in the same process", f"{again:.1f} s"),
        ("forecast, every municipality", f"{by_place:.1f} s: {len(whole['places'])} municipalities"),
    ]  # fmt: skip


if __name__ == "__main__":
    main()
