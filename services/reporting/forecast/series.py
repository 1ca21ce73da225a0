"""Weekly counts of a tenant's places as one matrix (places × weeks), at the level asked: H3 cells of
resolution 8 (incidents placed by point or address), the tenant's areas, or the municipality."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import h3ronpy
import numpy as np
from numpy.typing import NDArray

from embrace.geo.cells import coarsened
from embrace.statistics.forecast import Array
from embrace.warehouse import Warehouse

Level = Literal["8", "area", "municipality"]
PLACE = {"8": "h3_r9", "area": "arrayJoin(area_ids)", "municipality": "tenant"}
ONLY = {"8": "AND h3_r9 != 0", "area": "AND notEmpty(area_ids)", "municipality": ""}
# Tenants and weeks come back as their positions in the lists asked for: numbers, not millions of strings
# (transform looks them up in a hash table; indexOf would scan the list for every row). UInt16 and
# UInt32 beside the place's and the count's UInt64 keep the result a record array: columns by name.
COUNTS = """
SELECT toUInt16(transform(tenant, {{tenants:Array(String)}}, range({tenants}), 0)) AS t, {place} AS place,
       toUInt32(transform(iso_week, {{weeks:Array(String)}}, range({weeks}), 0)) AS w, count() AS n
FROM {{db}}.current_incidents
WHERE tenant IN {{tenants:Array(String)}} AND iso_week IN {{weeks:Array(String)}} AND NOT is_summary {only}
AND (empty({{groups:Array(String)}}) OR category_group IN {{groups:Array(String)}})
GROUP BY t, place, w
"""


@dataclass(frozen=True)
class Series:
    tenants: NDArray[Any]  # each place's tenant, as text
    places: NDArray[Any]  # each place: a cell, an area's id or the municipality's code, as text
    weeks: list[str]
    counts: Array


def weekly_series(warehouse: Warehouse, tenants: list[str], weeks: list[str], level: Level,
                  groups: Sequence[str] = ()) -> Series:  # fmt: skip
    """Every place with an incident in ``weeks``, and its count in each (of ``groups`` only, if any),
    sorted by tenant and place; fine cells that share a coarse one are summed into it."""
    sql = COUNTS.format(place=PLACE[level], only=ONLY[level], tenants=len(tenants), weeks=len(weeks))
    found = warehouse.array(sql, {"tenants": tenants, "weeks": weeks, "groups": list(groups)})
    if found.size == 0:
        return Series(
            np.array([], dtype=object), np.array([], dtype=object), weeks, np.zeros((0, len(weeks)))
        )
    place = coarsened(np.ascontiguousarray(found["place"]), 8) if level == "8" else found["place"]
    names, place_at = np.unique(place, return_inverse=True)  # cells sort as their text does
    by_name = np.argsort(tenants)
    tenant_rank = np.empty(len(tenants), dtype=np.int64)
    tenant_rank[by_name] = np.arange(len(tenants))
    keys, row = np.unique(
        tenant_rank[found["t"].astype(np.int64)] * names.size + place_at, return_inverse=True
    )
    cells = row * len(weeks) + found["w"].astype(np.int64)
    counts = np.bincount(cells, weights=found["n"].astype(float), minlength=keys.size * len(weeks))
    text = _as_text(names, level)
    return Series(np.asarray(tenants, dtype=object)[by_name][keys // names.size], text[keys % names.size],
                  weeks, counts.reshape(keys.size, len(weeks)).astype(float))  # fmt: skip


def _as_text(names: NDArray[Any], level: Level) -> NDArray[Any]:
    if level == "8":
        return np.asarray(h3ronpy.cells_to_string(names).to_pylist(), dtype=object)
    return names.astype(object)
