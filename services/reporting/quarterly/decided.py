"""What the last quarterly meeting decided and what came of it: the areas it gave priority, with their
incidents in the quarter it looked at and in the quarter of the priority, as the analysis shows them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from embrace.warehouse import Warehouse
from services.reporting.quarterly.quarters import shift

DECIDED = """
SELECT priority_areas FROM {db}.meetings FINAL
WHERE tenant = {tenant:String} AND kind = 'quarterly' AND period = {period:String}
"""


def decided_before(
    warehouse: Warehouse, tenant: str, quarter: str, per_area: Mapping[str, Mapping[str, int]]
) -> list[dict[str, Any]]:
    """The areas the meeting about the quarter before ``quarter`` decided to give priority in it."""
    looked_at = shift(quarter, -1)
    rows = warehouse.query(DECIDED, {"tenant": tenant, "period": looked_at})
    areas = rows[0][0] if rows else []
    return [
        {
            "area": area,
            "decided_in": looked_at,
            "before": per_area.get(area, {}).get(looked_at, 0),
            "during": per_area.get(area, {}).get(quarter, 0),
        }
        for area in areas
    ]
