"""The weekly rollup against a recount from the incidents as they stand."""

from __future__ import annotations

from embrace.warehouse import Warehouse
from services.aggregate.rollups import DIMENSIONS

GROUPS = ", ".join(DIMENSIONS)


def rollup_and_recount(warehouse: Warehouse) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    kept = warehouse.query(
        f"SELECT {GROUPS}, incidents FROM {{db}}.weekly_counts FINAL WHERE incidents > 0 ORDER BY ALL"
    )
    recounted = warehouse.query(
        f"SELECT {GROUPS}, count() FROM {{db}}.current_incidents WHERE NOT is_summary "
        f"GROUP BY {GROUPS} ORDER BY ALL"
    )
    return kept, recounted
