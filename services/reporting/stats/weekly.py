"""Weekly statistics, counted in ClickHouse from the incidents as they stand now."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from embrace.warehouse import Warehouse

WEEKLY_COUNTS = """
SELECT category, category_group, source, count() AS n
FROM {db}.current_incidents
WHERE tenant = {tenant:String} AND iso_week = {week:String} AND NOT is_summary
GROUP BY category, category_group, source
"""


@dataclass(frozen=True)
class WeeklyStats:
    tenant: str
    week: str
    incidents: int
    by_category: dict[str, int] = field(default_factory=dict)
    by_group: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)


def weekly_stats(warehouse: Warehouse, tenant: str, week: str) -> WeeklyStats:
    rows = warehouse.query(WEEKLY_COUNTS, {"tenant": tenant, "week": week})
    by_category: Counter[str] = Counter()
    by_group: Counter[str] = Counter()
    by_source: Counter[str] = Counter()
    for category, group, source, count in rows:
        by_category[category] += count
        by_group[group] += count
        by_source[source] += count
    return WeeklyStats(
        tenant=tenant,
        week=week,
        incidents=sum(by_category.values()),
        by_category=dict(by_category.most_common()),
        by_group=dict(by_group.most_common()),
        by_source=dict(by_source.most_common()),
    )
