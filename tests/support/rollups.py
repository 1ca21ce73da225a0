"""The rollups, once the tick has recounted what the writer marked, against a count from the incidents as
they stand."""

from __future__ import annotations

from collections.abc import Sequence

from embrace.contracts import EnrichedReport, ReportVersion
from embrace.warehouse import Warehouse
from embrace.warehouse.rollups import ROLLUPS, WEEKLY, Rollup
from services.aggregate.current import CurrentIncidents
from services.aggregate.rollups import Rollups

Rows = list[tuple[object, ...]]


def kept_and_counted(warehouse: Warehouse, rollup: Rollup) -> tuple[Rows, Rows]:
    kept = f"SELECT {rollup.columns}, incidents FROM {{db}}.{rollup.table} FINAL WHERE incidents > 0"
    counted = (f"SELECT {rollup.reads}, count() FROM {{db}}.current_incidents "
               f"WHERE NOT is_summary AND {rollup.where} GROUP BY {rollup.columns}")  # fmt: skip
    return warehouse.query(kept + " ORDER BY ALL"), warehouse.query(counted + " ORDER BY ALL")


def stale_rollups(warehouse: Warehouse) -> list[str]:
    """The rollups that differ from a recount of the incidents as they stand."""
    return [r.table for r in ROLLUPS if (pair := kept_and_counted(warehouse, r))[0] != pair[1]]


def rollup_and_recount(warehouse: Warehouse) -> tuple[Rows, Rows]:
    """The weekly rollup and its recount, after the tick; every other rollup must equal its recount."""
    Rollups(warehouse).refresh_pending()
    assert stale_rollups(warehouse) == []
    return kept_and_counted(warehouse, WEEKLY)


class Ticking(CurrentIncidents):
    """The incidents writer with the rollup tick after every write, as the in-process bus runs them: a
    slice the writer failed to mark then shows as a stale rollup."""

    def __init__(self, warehouse: Warehouse) -> None:
        super().__init__(warehouse)
        self._tick = Rollups(warehouse).refresh_pending

    def write_reports(self, reports: Sequence[EnrichedReport]) -> None:
        super().write_reports(reports)
        self._tick()

    def write_versions(self, versions: Sequence[ReportVersion]) -> None:
        super().write_versions(versions)
        self._tick()
