"""An intervention's incidents, day by day, in every place it may be compared with.

Counted are its targeted categories (all when it names none), police summaries left out: per area (an
incident counts in every area it lies in, so the target's sub-areas count in it), per H3 cell of
resolution 7 (about 5 km², for a comparison where the tenant's areas offer none), and, for the buffer
ring, the incidents with a point near the target that lie outside it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import h3
import numpy as np

from embrace.warehouse import Warehouse
from embrace.warehouse.begun import began
from services.reporting.effects.places import Surroundings
from services.reporting.effects.plans import Periods, Planned

SCOPE = """
tenant = {tenant:String} AND NOT is_summary AND local_date BETWEEN {first:Date} AND {last:Date}
AND (empty({categories:Array(String)}) OR has({categories:Array(String)}, category))
"""
BY_AREA = f"""
SELECT area, local_date, count() FROM (
    SELECT arrayJoin(area_ids) AS area, local_date FROM {{db}}.current_incidents WHERE {SCOPE}
) GROUP BY area, local_date
"""
BY_CELL = f"""
SELECT h3_r7, local_date, count() FROM {{db}}.current_incidents WHERE {SCOPE} AND h3_r7 != 0
GROUP BY h3_r7, local_date
"""
NEAR = f"""
SELECT local_date, lat, lon FROM {{db}}.current_incidents WHERE {SCOPE} AND NOT has(area_ids, {{area:String}})
AND lat BETWEEN {{south:Float64}} AND {{north:Float64}} AND lon BETWEEN {{west:Float64}} AND {{east:Float64}}
"""


@dataclass(frozen=True)
class Calendar:
    """The days a measurement reads, from ``first``: every count array is indexed by day from it."""

    first: date
    days: int

    def total(self, counts: np.ndarray, span: tuple[date, date]) -> int:
        return int(counts[(span[0] - self.first).days : (span[1] - self.first).days + 1].sum())

    def weekly(self, counts: np.ndarray, periods: Periods) -> np.ndarray:
        """The whole weeks before the start, oldest first."""
        begin = (periods.history[0] - self.first).days
        weeks: np.ndarray = counts[begin : begin + 7 * periods.weeks].reshape(periods.weeks, 7).sum(axis=1)
        return weeks


@dataclass(frozen=True)
class Daily:
    """Counts per place and day of the calendar."""

    calendar: Calendar
    series: dict[str, np.ndarray]

    def of(self, key: str) -> np.ndarray:
        return self.series.get(key, np.zeros(self.calendar.days))

    def pooled(self, keys: Sequence[str]) -> np.ndarray:
        return (
            np.asarray(np.sum([self.of(k) for k in keys], axis=0)) if keys else np.zeros(self.calendar.days)
        )


class Counter:
    """Reads one intervention's counts over every day its measurement needs."""

    def __init__(self, warehouse: Warehouse, plan: Planned, periods: Periods) -> None:
        self._warehouse = warehouse
        self._plan = plan
        self._first, self._last = periods.first, periods.during[1]
        self.calendar = Calendar(self._first, (self._last - self._first).days + 1)
        self._asked = {"tenant": plan.tenant, "first": self._first, "last": self._last,
                       "categories": plan.categories}  # fmt: skip

    def areas(self) -> Daily:
        return self._tallied((str(a), d, n) for a, d, n in self._warehouse.query(BY_AREA, self._asked))

    def cells(self) -> Daily:
        rows = self._warehouse.query(BY_CELL, self._asked)
        return self._tallied((h3.int_to_str(int(c)), d, n) for c, d, n in rows)

    def ring(self, around: Surroundings) -> np.ndarray:
        south, north, west, east = around.box
        rows = self._warehouse.query(NEAR, {**self._asked, "area": self._plan.area_id, "south": south,
                                            "north": north, "west": west, "east": east})  # fmt: skip
        days = np.zeros(self.calendar.days)
        if rows:
            held = around.in_ring((r[1] for r in rows), (r[2] for r in rows))
            for (day, _, _), inside in zip(rows, held, strict=True):
                days[(day - self._first).days] += inside
        return days

    def reaches_back_to(self, day: date) -> bool:
        """Whether the tenant's incidents go back to ``day``: a comparison a year earlier means something."""
        first = began(self._warehouse, [self._plan.tenant])
        return first is not None and first <= day

    def _tallied(self, rows: Any) -> Daily:
        series: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(self.calendar.days))
        for key, day, n in rows:
            series[key][(day - self._first).days] += int(n)
        return Daily(self.calendar, dict(series))
