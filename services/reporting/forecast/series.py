"""Weekly counts of a tenant's places as one matrix (places × weeks), at the level asked: H3 cells of
resolution 8 (incidents placed by point or address), the tenant's areas, or the municipality."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from embrace.geo.cells import stored_at
from embrace.statistics.forecast import Array
from embrace.warehouse import Warehouse

Level = Literal["8", "area", "municipality"]
PLACE = {"8": "h3_r9", "area": "arrayJoin(area_ids)", "municipality": "tenant"}
ONLY = {"8": "AND h3_r9 != 0", "area": "AND notEmpty(area_ids)", "municipality": ""}
COUNTS = """
SELECT tenant, {place} AS place, iso_week, count() FROM {{db}}.current_incidents
WHERE tenant IN {{tenants:Array(String)}} AND iso_week IN {{weeks:Array(String)}} AND NOT is_summary {only}
AND (empty({{groups:Array(String)}}) OR category_group IN {{groups:Array(String)}})
GROUP BY tenant, place, iso_week
"""


@dataclass(frozen=True)
class Series:
    places: list[tuple[str, str]]  # (tenant, place)
    weeks: list[str]
    counts: Array


def weekly_series(warehouse: Warehouse, tenants: list[str], weeks: list[str], level: Level,
                  groups: Sequence[str] = ()) -> Series:  # fmt: skip
    """Every place with an incident in ``weeks``, and its count in each (of ``groups`` only, if any)."""
    sql = COUNTS.format(place=PLACE[level], only=ONLY[level])
    rows = warehouse.query(sql, {"tenants": tenants, "weeks": weeks, "groups": list(groups)})
    if not rows:
        return Series([], weeks, np.zeros((0, len(weeks))))
    tenant, place, week, n = (list(column) for column in zip(*rows, strict=True))
    if level == "8":
        place = stored_at(np.array(place, dtype=np.uint64), 8)
    # Places sorted by (tenant, place), counts summed where fine cells share a coarse one.
    keys, row = np.unique([f"{t}\t{p}" for t, p in zip(tenant, place, strict=True)], return_inverse=True)
    named, at = np.unique(week, return_inverse=True)
    column = np.array([weeks.index(w) for w in named.tolist()])[at]
    counts = np.zeros((keys.size, len(weeks)))
    np.add.at(counts, (row, column), np.array(n, dtype=float))
    return Series([tuple(k.split("\t", 1)) for k in keys.tolist()], weeks, counts)
