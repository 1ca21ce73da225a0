"""The rollups: counts of the incidents by coarser dimensions, kept in tables beside them.

The one description both sides use: the aggregate service recounts each table from ``current_incidents``
by these dimensions (services/aggregate/rollups.py), and readers choose the smallest table that holds
what they ask for. The tables themselves are in schema.sql.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass


@dataclass(frozen=True)
class Rollup:
    table: str
    dimensions: Mapping[str, str]  # column -> how it is read from current_incidents
    where: str = "1"

    @property
    def columns(self) -> str:
        return ", ".join(self.dimensions)

    @property
    def reads(self) -> str:
        """The dimensions as read from current_incidents."""
        return ", ".join(f"{how} AS {name}" for name, how in self.dimensions.items())

    def holds(self, columns: Set[str]) -> bool:
        """Whether every one of these columns of current_incidents is a column of this table as it is."""
        return all(self.dimensions.get(column) == column for column in columns)


def _same(*names: str) -> dict[str, str]:
    return {name: name for name in names}


# Coarse on purpose. A rollup pays only where it holds far fewer rows than the incidents it counts: by
# tenant and week, rollups by hour and weekday, by H3 cell or by area held about a row per incident at
# some 200 incidents a tenant-week, and read slower than counting the incidents (bench/warehouse.py).
WEEKLY = Rollup("weekly_counts", _same("tenant", "iso_week", "category", "category_group", "source"))
ROLLUPS = (WEEKLY,)  # smallest first: a reader takes the first that holds what it asks
