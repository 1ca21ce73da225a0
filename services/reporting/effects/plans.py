"""The intervention measured, and the periods it is measured over."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from embrace.warehouse import Warehouse

INTERVENTION = """
SELECT tenant, title, area_id, start, end, targeted_categories FROM {db}.interventions FINAL
WHERE intervention_id = {id:UUID} AND NOT retracted
"""
FEWEST_WEEKS, MOST_WEEKS = 12, 52
A_YEAR = 364  # days: 52 weeks, so weekdays line up


class NotMeasurable(ValueError):
    """The intervention cannot be measured as asked: no target area, not begun, an unknown comparison."""

    def __init__(self, message: str, field: str = "path.intervention_id") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Planned:
    intervention_id: uuid.UUID
    tenant: str
    title: str
    area_id: str
    start: date
    end: date | None
    categories: list[str]


def find(warehouse: Warehouse, intervention_id: uuid.UUID) -> Planned | None:
    found = warehouse.query(INTERVENTION, {"id": intervention_id})
    if not found:
        return None
    tenant, title, area_id, start, end, categories = found[0]
    return Planned(intervention_id, tenant, title, area_id, start, end, list(categories))


@dataclass(frozen=True)
class Periods:
    """During: from the start to the end, or while it runs to the last reported day (the Sunday that
    ended last week: the days since are not reported yet, and would read as an effect). Before: as many
    days, ending the day before the start. ``weeks``: the whole weeks before the start that describe
    each place's level, trend and dispersion (as many as the intervention has run, 12 to 52)."""

    before: tuple[date, date]
    during: tuple[date, date]
    weeks: int

    @classmethod
    def of(cls, plan: Planned, through: date) -> Periods:
        """The periods as of ``through``, the last day reported (:func:`embrace.weeks.reported_through`)."""
        if not plan.area_id:
            raise NotMeasurable("the intervention names no target area")
        if plan.start > through:
            why = f"it began {plan.start}; the last reported day is {through}, a week is reported once over"
            raise NotMeasurable(f"the intervention has no reported day yet: {why}")
        last = min(plan.end or through, through)
        days = (last - plan.start).days + 1
        weeks = min(MOST_WEEKS, max(FEWEST_WEEKS, math.ceil(days / 7)))
        return cls((plan.start - timedelta(days=days), plan.start - timedelta(days=1)), (plan.start, last),
                   weeks)  # fmt: skip

    @property
    def start(self) -> date:
        return self.during[0]

    @property
    def history(self) -> tuple[date, date]:
        return self.start - timedelta(weeks=self.weeks), self.start - timedelta(days=1)

    def year_earlier(self) -> Periods:
        back = timedelta(days=A_YEAR)
        return Periods((self.before[0] - back, self.before[1] - back),
                       (self.during[0] - back, self.during[1] - back), self.weeks)  # fmt: skip

    @property
    def first(self) -> date:
        """The first day any measurement reads: a year before the "before", or the history's start."""
        return min(self.year_earlier().before[0], self.history[0])
