"""Spike alerts kept in the warehouse while the weeks run.

After each batch of incidents the aggregate worker evaluates again the series of the tenants and weeks
the batch touched (this week and last week only: imported history raises no alerts), per tenant x
category and per tenant x area x category (an incident counts in every area it lies in). An alert's id
is made from its series and week, so evaluating again (as the week runs, after a restart, on a
redelivered batch) updates the one alert and never adds a second.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

from embrace.contracts import EnrichedReport
from embrace.warehouse import Warehouse
from embrace.weeks import label, preceding
from services.aggregate.spikes import Rule, Series, Spike, spikes

SERIES = """
SELECT tenant, area, category, iso_week, count() FROM (
    SELECT tenant, arrayJoin(arrayConcat([''], area_ids)) AS area, category, iso_week
    FROM {db}.current_incidents
    WHERE tenant IN {tenants:Array(String)} AND iso_week IN {weeks:Array(String)} AND NOT is_summary
) GROUP BY tenant, area, category, iso_week
"""
COLUMNS = ("tenant", "alert_id", "rule", "severity", "week", "area_id", "category", "observed", "expected",
           "message", "occurred")  # fmt: skip
Clock = Callable[[], datetime]
Write = Callable[[Sequence[EnrichedReport]], None]
DEFAULT_RULE = Rule()


class Alerting:
    def __init__(
        self, warehouse: Warehouse, rule: Rule = DEFAULT_RULE, clock: Clock = lambda: datetime.now(UTC)
    ) -> None:
        self._warehouse = warehouse
        self._rule = rule
        self._clock = clock

    def after(
        self, write: Callable[[Sequence[EnrichedReport]], None]
    ) -> Callable[[Sequence[EnrichedReport]], None]:
        """The incidents sink, evaluating the alerts of what each batch touched once it is written."""

        def write_and_evaluate(reports: Sequence[EnrichedReport]) -> None:
            write(reports)
            self.evaluate((i.tenant, i.iso_week) for r in reports for i in r.incidents)

        return write_and_evaluate

    def evaluate(self, touched: Iterable[tuple[str, str]]) -> list[Spike]:
        now = self._clock()
        running = {label(now.date()), *preceding(label(now.date()), 1)}
        tenants_of: dict[str, set[str]] = defaultdict(set)
        for tenant, week in touched:
            if week in running:
                tenants_of[week].add(tenant)
        found = [spike for week, tenants in sorted(tenants_of.items()) for spike in self._week(week, tenants)]
        self._warehouse.insert("alerts", COLUMNS, [_row(spike, now) for spike in found])
        return found

    def _week(self, week: str, tenants: set[str]) -> list[Spike]:
        weeks = [*preceding(week, self._rule.weeks), week]
        rows = self._warehouse.query(SERIES, {"tenants": sorted(tenants), "weeks": weeks})
        counts: dict[Series, list[int]] = defaultdict(lambda: [0] * len(weeks))
        position = {w: n for n, w in enumerate(weeks)}
        for tenant, area, category, iso_week, count in rows:
            counts[Series(tenant, category, area or None)][position[iso_week]] = int(count)
        return spikes(week, counts, self._rule)


def _row(spike: Spike, now: datetime) -> tuple[object, ...]:
    series = spike.series
    where = f" i {series.area_id}" if series.area_id else ""
    mean, z = (f"{value:.1f}".replace(".", ",") for value in (spike.expected, spike.z))  # Swedish decimals
    message = (f"{series.category}{where}: {spike.observed} händelser vecka {spike.week}, i snitt {mean} "
               f"de veckorna före (z = {z})")  # fmt: skip
    severity = "critical" if spike.z >= 5 else "warning"
    return (series.tenant, spike.alert_id, "spike", severity, spike.week, series.area_id or "",
            series.category, float(spike.observed), spike.expected, message, now)  # fmt: skip
