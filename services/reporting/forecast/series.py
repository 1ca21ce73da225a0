"""Weekly counts of a tenant's places as one sparse matrix (places × weeks), at the level asked: H3 cells
of resolution 8 (incidents placed by point or address), the tenant's areas, or the municipality."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import scipy
from numpy.typing import NDArray

from embrace.geo.cells import as_text, in_warehouse
from embrace.warehouse import Warehouse

Level = Literal["8", "area", "municipality"]
PLACE = {"8": in_warehouse(8), "area": "arrayJoin(area_ids)", "municipality": "tenant"}
ONLY = {"8": "AND h3_r9 != 0", "area": "AND notEmpty(area_ids)", "municipality": ""}
# One row per place and the week of each of its incidents: Arrow hands these over as the offsets and
# column indices of a sparse row matrix (its values all ones, summed per week), so no place-week is
# grouped, sorted or scattered in Python. A region's million cells hold some 3.9 million incidents in
# 3.6 million place-weeks of 80; as a dense matrix they would take 660 MB. Grouping once by place took a
# third of the time of counting per place and week first (0.7-1.2 s against 2.2-4.3 s in chDB, on
# bench/where_next.py's store).
# Tenants and weeks come back as their positions in the lists asked for: numbers, not millions of
# strings (transform looks them up in a hash table; indexOf would scan the list for every row).
COUNTS = """
SELECT toUInt16(transform(tenant, {{tenants:Array(String)}}, range({tenants}), 0)) AS t, {place} AS place,
       groupArray(toUInt16(transform(iso_week, {{weeks:Array(String)}}, range({weeks}), 0))) AS w
FROM {{db}}.current_incidents
WHERE tenant IN {{tenants:Array(String)}} AND iso_week IN {{weeks:Array(String)}} AND NOT is_summary {only}
AND (empty({{groups:Array(String)}}) OR category_group IN {{groups:Array(String)}})
GROUP BY t, place
"""


@dataclass(frozen=True)
class Series:
    tenants: NDArray[Any]  # each place's tenant, as text
    places: NDArray[Any]  # each place: a cell, an area's id or the municipality's code, as text
    weeks: list[str]
    counts: scipy.sparse.csr_array  # places × weeks


def weekly_series(warehouse: Warehouse, tenants: list[str], weeks: list[str], level: Level,
                  groups: Sequence[str] = ()) -> Series:  # fmt: skip
    """Every place with an incident in ``weeks``, and its count in each (of ``groups`` only, if any),
    sorted by tenant and place (cells sort as their text does)."""
    tenants = sorted(tenants)
    sql = COUNTS.format(place=PLACE[level], only=ONLY[level], tenants=len(tenants), weeks=len(weeks))
    found = warehouse.arrow(sql, {"tenants": tenants, "weeks": weeks, "groups": list(groups)})
    tenant, place = found.column("t").to_numpy(), found.column("place").to_numpy()
    week = found.column("w").combine_chunks()
    offsets = week.offsets.to_numpy().copy() if len(week) else np.zeros(1, dtype=np.int32)
    indices = week.values.to_numpy().astype(np.int32)  # copies: scipy sorts them in place
    counts = scipy.sparse.csr_array(
        (np.ones(indices.size), indices, offsets), shape=(len(tenant), len(weeks))
    )
    counts.sum_duplicates()  # an incident is a one in its week: a place's week holds their sum
    order = np.lexsort((place, tenant))
    tenant_of = np.asarray(tenants, dtype=object)[tenant[order].astype(np.int64)]
    return Series(tenant_of, _as_text(place[order], level), weeks, counts[order])


def _as_text(names: NDArray[Any], level: Level) -> NDArray[Any]:
    if level == "8":
        return np.asarray(as_text(names), dtype=object)
    return names.astype(object)
