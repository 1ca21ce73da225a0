"""Weekly counts kept beside the incidents, so that a regional series reads thousands of rows, not
millions.

The writer recounts every (tenant, week) it touched, from the incidents as they stand, right after it
writes them: a materialised view would see inserts only, never a correction or a withdrawal. A group
that vanished from the slice is written as 0 first, then the slice's counts, each under a newer refresh
version (``ReplacingMergeTree(refreshed)``). A recount is idempotent: a redelivered batch, a correction,
a withdrawal or a moved report leave exactly what a recount from scratch would.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from embrace.warehouse import Warehouse

# The dimensions a rollup row is kept by, as current_incidents names them.
# Coarse on purpose: a tenant's own reads are fast on the incidents; a rollup pays where reads span
# every tenant, and by organisation and area too it would hold about a row per incident.
DIMENSIONS = ("tenant", "iso_week", "category", "category_group", "source")
_GROUPS = ", ".join(DIMENSIONS)
_ZEROES = f"""
INSERT INTO {{db}}.weekly_counts ({_GROUPS}, incidents, refreshed)
SELECT {_GROUPS}, 0, {{version:UInt64}} FROM {{db}}.weekly_counts FINAL WHERE SLICES
"""
_COUNTS = f"""
INSERT INTO {{db}}.weekly_counts ({_GROUPS}, incidents, refreshed)
SELECT {_GROUPS}, count(), {{version:UInt64}} FROM {{db}}.current_incidents
WHERE NOT is_summary AND SLICES GROUP BY {_GROUPS}
"""
_SLICES = "tenant IN {tenants:Array(String)} AND (tenant, iso_week) IN {slices:Array(Tuple(String, String))}"


class WeeklyCounts:
    def __init__(self, warehouse: Warehouse) -> None:
        self._warehouse = warehouse

    def refresh(self, slices: Iterable[tuple[str, str]]) -> None:
        """Recount these (tenant, ISO week) slices."""
        chosen = sorted(set(slices))
        if chosen:
            self._recount(_SLICES, {"tenants": sorted({t for t, _ in chosen}), "slices": chosen})

    def rebuild(self) -> None:
        """Recount everything (after a bulk load that bypassed the writer)."""
        self._recount("1", {})

    def _recount(self, where: str, parameters: dict[str, object]) -> None:
        version = time.time_ns()
        self._warehouse.command(_ZEROES.replace("SLICES", where), {**parameters, "version": version})
        self._warehouse.command(_COUNTS.replace("SLICES", where), {**parameters, "version": version + 1})
