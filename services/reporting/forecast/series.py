"""Weekly counts of a tenant's places as one matrix (places × weeks), at the level asked: H3 cells of
resolution 8 (incidents placed by point or address), the tenant's areas, or the municipality."""

from __future__ import annotations

from collections import defaultdict
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
    places = [str(place) for _, place, _, _ in rows]
    if level == "8":
        places = stored_at([int(p) for p in places], 8)
    column = {week: n for n, week in enumerate(weeks)}
    found: dict[tuple[str, str], Array] = defaultdict(lambda: np.zeros(len(weeks)))
    for place, (tenant, _, week, n) in zip(places, rows, strict=True):
        found[(str(tenant), place)][column[week]] += n
    keys = sorted(found)
    return Series(keys, weeks, np.array([found[k] for k in keys]) if keys else np.zeros((0, len(weeks))))
