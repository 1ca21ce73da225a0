"""Spike alerts in the warehouse: raised on a spike of this or last week, one per series and week however
often it is evaluated, and none for history or a steady series."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from embrace.contracts import EnrichedReport
from embrace.warehouse import Warehouse
from embrace.weeks import label, monday_of, preceding
from services.aggregate.alerting import Alerting
from services.aggregate.current import CurrentIncidents
from services.enrich.enrichment import EnrichContext
from tests.support.builders import incident, report
from tests.support.enriching import enrich_one

NOW = datetime.now(UTC)
LAST_WEEK = label((NOW - timedelta(days=7)).date())
ALERTS = "SELECT area_id, category, observed, expected, week, message FROM {db}.alerts FINAL ORDER BY area_id"
Week = Callable[[str, str, int], list[EnrichedReport]]


@pytest.fixture
def week_of(enrich_context: EnrichContext) -> Week:
    def made(category: str, week: str, count: int) -> list[EnrichedReport]:
        at = datetime.combine(monday_of(week), datetime.min.time(), UTC) + timedelta(days=2, hours=12)
        reported = report(*(incident(category, at=at) for _ in range(count)), occurred=NOW)
        return [e.value for e in enrich_one(reported, enrich_context) if isinstance(e.value, EnrichedReport)]

    return made


def test_a_spike_last_week_is_one_alert_however_often_it_is_evaluated(
    warehouse: Warehouse, week_of: Week
) -> None:
    sink = Alerting(warehouse, clock=lambda: NOW).after(CurrentIncidents(warehouse).write_reports)
    for week in preceding(LAST_WEEK, 8):
        sink(week_of("graffiti", week, 4) + week_of("littering", week, 30))
    spike = week_of("graffiti", LAST_WEEK, 20) + week_of("littering", LAST_WEEK, 31)
    for _ in range(3):  # the week runs on, a batch is delivered again
        sink(spike)
    alerts = warehouse.query(ALERTS)
    assert [row[:5] for row in alerts] == [
        ("", "graffiti", 20.0, 4.0, LAST_WEEK), ("centrum", "graffiti", 20.0, 4.0, LAST_WEEK),
    ]  # fmt: skip
    assert alerts[1][5] == (
        f"graffiti i centrum: 20 händelser vecka {LAST_WEEK}, i snitt 4,0 de veckorna före (z = 4,9)"
    )


def test_history_raises_no_alerts(warehouse: Warehouse, week_of: Week) -> None:
    long_ago = label((NOW - timedelta(days=120)).date())
    sink = Alerting(warehouse, clock=lambda: NOW).after(CurrentIncidents(warehouse).write_reports)
    for week in preceding(long_ago, 8):
        sink(week_of("graffiti", week, 2))
    sink(week_of("graffiti", long_ago, 40))
    assert warehouse.query("SELECT count() FROM {db}.alerts") == [(0,)]
