"""Counts kept beside the incidents for the shapes dashboards and reports ask for, so that a regional
read scans thousands of rows, not millions.

A rollup cannot be a materialised view: a view sees inserts only, never a correction or a withdrawal.
So rollups are recounted by (tenant, ISO week) slice, from the incidents as they stand:

* the writer marks every slice it touched (the weeks of rows it replaced too) in ``rollup_pending``,
  one small insert beside the rows; the mark's time is the server's, taken after the rows are in;
* a tick recounts the marked slices: zeroes for every group of the slice first, then the slice's counts,
  each under a newer refresh version (``ReplacingMergeTree(refreshed)``), then marks the slices done
  as of the time it began. A slice marked again meanwhile keeps its newer mark and is recounted next.

A recount is idempotent, so a crash, a replay, or two workers recounting at once leave exactly what a
recount from scratch would, at the latest on the next tick.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

from embrace.warehouse import Warehouse
from embrace.warehouse.rollups import ROLLUPS, Rollup

_SLICES = "tenant IN {tenants:Array(String)} AND (tenant, iso_week) IN {slices:Array(Tuple(String, String))}"
PENDING = (
    "SELECT tenant, iso_week FROM {db}.rollup_pending FINAL WHERE NOT done ORDER BY ALL LIMIT {limit:UInt32}"
)
SERVER_NOW = "SELECT now64(9)"


class Rollups:
    def __init__(self, warehouse: Warehouse, rollups: Iterable[Rollup] = ROLLUPS, slices_a_round: int = 2000):
        self._warehouse = warehouse
        self._rollups = tuple(rollups)
        self._slices_a_round = slices_a_round

    def mark(self, slices: Iterable[tuple[str, str]]) -> None:
        """Note that these (tenant, ISO week) slices changed; the next tick recounts them."""
        chosen = sorted(set(slices))
        if chosen:
            self._warehouse.insert("rollup_pending", ("tenant", "iso_week"), chosen)

    def refresh_pending(self) -> int:
        """Recount the slices marked and not yet recounted; return how many."""
        recounted = 0
        while True:
            [(began,)] = self._warehouse.query(SERVER_NOW)
            pending = self._warehouse.query(PENDING, {"limit": self._slices_a_round})
            if not pending:
                return recounted
            self.refresh(pending)
            rows = [(tenant, week, began, True) for tenant, week in pending]
            self._warehouse.insert("rollup_pending", ("tenant", "iso_week", "marked", "done"), rows)
            recounted += len(pending)
            if len(pending) < self._slices_a_round:  # the rest were marked meanwhile: the next tick's
                return recounted

    def refresh(self, slices: Iterable[tuple[str, str]]) -> None:
        """Recount these (tenant, ISO week) slices now."""
        chosen = sorted({(tenant, week) for tenant, week in slices})
        if chosen:
            self._recount(_SLICES, {"tenants": sorted({t for t, _ in chosen}), "slices": chosen})

    def rebuild(self) -> None:
        """Recount everything (after a bulk load that bypassed the writer), and every mark with it."""
        [(began,)] = self._warehouse.query(SERVER_NOW)
        self._recount("1", {})
        self._warehouse.command(
            "INSERT INTO {db}.rollup_pending (tenant, iso_week, marked, done) "
            "SELECT DISTINCT tenant, iso_week, {began:DateTime64(9)}, true FROM {db}.rollup_pending",
            {"began": began},
        )

    def _recount(self, where: str, parameters: Mapping[str, object]) -> None:
        for rollup in self._rollups:
            version = time.time_ns()
            self._warehouse.command(_zeroes(rollup, where), {**parameters, "version": version})
            self._warehouse.command(_counts(rollup, where), {**parameters, "version": version + 1})


def _zeroes(rollup: Rollup, slices: str) -> str:
    """Every group the slices hold in the rollup, at 0: a group that vanished from them must not stay."""
    return (f"INSERT INTO {{db}}.{rollup.table} ({rollup.columns}, incidents, refreshed) "
            f"SELECT {rollup.columns}, 0, {{version:UInt64}} FROM {{db}}.{rollup.table} FINAL "
            f"WHERE {slices}")  # fmt: skip


def _counts(rollup: Rollup, slices: str) -> str:
    return (f"INSERT INTO {{db}}.{rollup.table} ({rollup.columns}, incidents, refreshed) "
            f"SELECT {rollup.reads}, count(), {{version:UInt64}} FROM {{db}}.current_incidents "
            f"WHERE NOT is_summary AND {rollup.where} AND {slices} GROUP BY {rollup.columns}")  # fmt: skip
