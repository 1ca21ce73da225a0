"""The weekly situation report: last week against the weeks before, and who does what next week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from embrace.messages import Language
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from embrace.weeks import monday_of, preceding, shift

BASELINE_WEEKS = 4

COUNTS_BY_WEEK = """
SELECT iso_week, category, count() AS n
FROM {db}.current_incidents
WHERE tenant = {tenant:String} AND iso_week IN {weeks:Array(String)} AND NOT is_summary
GROUP BY iso_week, category
"""

PLANNED_INTERVENTIONS = """
SELECT title, kind, area_id, responsible_organisation, status, start, end
FROM {db}.interventions FINAL
WHERE tenant = {tenant:String} AND NOT retracted AND status != 'done'
  AND start <= {until:Date} AND (end IS NULL OR end >= {since:Date})
ORDER BY start, title
"""


@dataclass(frozen=True)
class CategoryTrend:
    category: str
    label: str
    this_week: int
    baseline_mean: float

    @property
    def change(self) -> float:
        return self.this_week - self.baseline_mean


@dataclass(frozen=True)
class PlannedIntervention:
    title: str
    kind: str
    area_id: str
    responsible_organisation: str
    status: str
    start: date
    end: date | None


@dataclass(frozen=True)
class SituationReport:
    tenant: str
    week: str
    baseline_weeks: list[str]
    total: int
    baseline_total_mean: float
    categories: list[CategoryTrend]
    next_week: str
    interventions: list[PlannedIntervention]


def weekly_situation(
    warehouse: Warehouse, taxonomy: Taxonomy, tenant: str, week: str, language: Language = "sv"
) -> SituationReport:
    baseline = preceding(week, BASELINE_WEEKS)
    rows = warehouse.query(COUNTS_BY_WEEK, {"tenant": tenant, "weeks": [*baseline, week]})
    current: dict[str, int] = {}
    earlier: dict[str, int] = {}
    for row_week, category, count in rows:
        target = current if row_week == week else earlier
        target[category] = target.get(category, 0) + count
    trends = [
        CategoryTrend(
            code, _label(taxonomy, code, language), current.get(code, 0), earlier.get(code, 0) / len(baseline)
        )
        for code in set(current) | set(earlier)
    ]
    trends.sort(key=lambda t: (-t.this_week, -t.baseline_mean, t.category))
    next_week = shift(week, 1)
    since = monday_of(next_week)
    planned = warehouse.query(
        PLANNED_INTERVENTIONS, {"tenant": tenant, "since": since, "until": since + timedelta(6)}
    )
    return SituationReport(
        tenant=tenant,
        week=week,
        baseline_weeks=baseline,
        total=sum(current.values()),
        baseline_total_mean=sum(earlier.values()) / len(baseline),
        categories=trends,
        next_week=next_week,
        interventions=[PlannedIntervention(*row) for row in planned],
    )


def _label(taxonomy: Taxonomy, code: str, language: Language) -> str:
    category = taxonomy.get(code)
    return category.label(language) if category else code
