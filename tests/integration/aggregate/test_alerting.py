"""Spike alerts: raised on a spike of this or last week, one per series and week however often it is
evaluated, updated when the numbers change, withdrawn when corrections undo them, closed once the week
is over, never raised from history, in a tenant's first weeks or below its own thresholds, and published on
the bus."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import CollectorRegistry

from embrace.bus.inprocess import InProcessBus
from embrace.bus.metrics import BusMetrics
from embrace.bus.stages import Sink
from embrace.contracts import Alert, EnrichedReport, IncidentReport
from embrace.settings import load_settings
from embrace.topics import ALERTS, ENRICHED_REPORTS
from embrace.warehouse import Warehouse
from embrace.weeks import label, last_week, monday_of, preceding
from services.aggregate.alerting import Alerting
from services.aggregate.current import CurrentIncidents
from services.aggregate.sinks import ALERTS as ALERTS_TABLE
from services.aggregate.spikes import DEFAULT_RULES, Rule, Rules
from services.cli.bootstrap import writer_stages
from services.enrich.enrichment import EnrichContext
from tests.support.builders import TENANT, incident, report
from tests.support.enriching import enrich_one

NOW = datetime.now(UTC)
LAST_WEEK = last_week(NOW)
STORED = """
SELECT area_id, category, version, retracted, closed, observed, expected, message
FROM {db}.alerts FINAL ORDER BY area_id
"""
Made = Callable[..., list[EnrichedReport]]


@pytest.fixture
def week_of(enrich_context: EnrichContext) -> Made:
    def made(category: str, week: str, count: int, report_id: uuid.UUID | None = None,
             version: int = 1) -> list[EnrichedReport]:  # fmt: skip
        at = datetime.combine(monday_of(week), datetime.min.time(), UTC) + timedelta(days=2, hours=12)
        reported = report(*(incident(category, at=at) for _ in range(count)), occurred=NOW,
                          report_id=report_id, version=version)  # fmt: skip
        return enriched(reported, enrich_context)

    return made


def enriched(reported: IncidentReport, context: EnrichContext) -> list[EnrichedReport]:
    return [e.value for e in enrich_one(reported, context) if isinstance(e.value, EnrichedReport)]


class Worker:
    """The incidents sink with its alerts, and the alerts sink behind it, as a runner wires them."""

    def __init__(self, warehouse: Warehouse, rules: Rules = DEFAULT_RULES, now: datetime = NOW) -> None:
        self.now = now
        self._sink = Alerting(warehouse, rules, clock=lambda: self.now).after(
            CurrentIncidents(warehouse).write_reports
        )
        self._alerts = ALERTS_TABLE.writer(warehouse)

    def deliver(self, reports: list[EnrichedReport]) -> list[Alert]:
        emitted = [emit.value for emit in self._sink(reports)]
        self._alerts(emitted)
        return emitted


def with_history(worker: Worker, week_of: Made) -> None:
    for week in preceding(LAST_WEEK, 8):
        assert worker.deliver(week_of("graffiti", week, 4) + week_of("littering", week, 30)) == []


def test_a_spike_last_week_is_one_alert_however_often_it_is_evaluated(
    warehouse: Warehouse, week_of: Made
) -> None:
    worker = Worker(warehouse)
    with_history(worker, week_of)
    spike = week_of("graffiti", LAST_WEEK, 20) + week_of("littering", LAST_WEEK, 31)
    first = worker.deliver(spike)
    again = [worker.deliver(spike) for _ in range(2)]  # a batch delivered again
    assert [(a.area_id, a.category, a.version, a.observed, a.expected) for a in first] == [
        (None, "graffiti", 1, 20.0, 4.0), ("centrum", "graffiti", 1, 20.0, 4.0),
    ]  # fmt: skip
    assert again == [[], []]
    rows = warehouse.query(STORED)
    assert [row[:7] for row in rows] == [
        ("", "graffiti", 1, False, False, 20.0, 4.0), ("centrum", "graffiti", 1, False, False, 20.0, 4.0),
    ]  # fmt: skip
    assert rows[1][7] == (f"graffiti i centrum: 20 händelser vecka {LAST_WEEK}, väntat 4,0 (z = 5,1)")


def test_an_alert_is_updated_as_the_week_runs_and_withdrawn_when_a_correction_undoes_it(
    warehouse: Warehouse, week_of: Made
) -> None:
    worker = Worker(warehouse)
    with_history(worker, week_of)
    report_id = uuid.uuid4()
    assert [a.observed for a in worker.deliver(week_of("graffiti", LAST_WEEK, 14, report_id))] == [14.0] * 2
    more = worker.deliver(week_of("graffiti", LAST_WEEK, 8))
    assert [(a.version, a.observed, a.severity) for a in more] == [(2, 22.0, "critical")] * 2
    corrected = worker.deliver(week_of("graffiti", LAST_WEEK, 1, report_id, version=2))
    assert [(a.version, a.retracted, a.observed) for a in corrected] == [(3, True, 9.0)] * 2
    assert corrected[0].message.startswith("graffiti: återkallat, inte längre en topp: 9 händelser")
    assert [row[2:6] for row in warehouse.query(STORED)] == [(3, True, False, 9.0)] * 2


def test_the_first_batch_after_the_following_week_closes_a_week_once(
    warehouse: Warehouse, week_of: Made
) -> None:
    worker = Worker(warehouse)
    with_history(worker, week_of)
    worker.deliver(week_of("graffiti", LAST_WEEK, 20))
    worker.now = NOW + timedelta(days=7)  # last week's following week has ended
    any_week = preceding(LAST_WEEK, 1)[0]  # whatever a batch holds, the first one closes the week
    closing = worker.deliver(week_of("littering", any_week, 1))
    assert [(a.week, a.version, a.closed, a.observed) for a in closing] == [(LAST_WEEK, 2, True, 20.0)] * 2
    assert worker.deliver(week_of("graffiti", LAST_WEEK, 3)) == []  # late: closed is final
    assert worker.deliver(week_of("littering", any_week, 1)) == []
    restarted = Worker(warehouse, now=worker.now)
    assert restarted.deliver(week_of("littering", any_week, 1)) == []
    assert [row[2:6] for row in warehouse.query(STORED)] == [(2, False, True, 20.0)] * 2


def test_history_raises_no_alerts(warehouse: Warehouse, week_of: Made) -> None:
    long_ago = label((NOW - timedelta(days=120)).date())
    worker = Worker(warehouse)
    for week in preceding(long_ago, 8):
        worker.deliver(week_of("graffiti", week, 2))
    assert worker.deliver(week_of("graffiti", long_ago, 40)) == []
    assert warehouse.query("SELECT count() FROM {db}.alerts") == [(0,)]


def test_a_tenant_s_first_eight_weeks_raise_no_alerts_and_imported_history_counts_at_once(
    warehouse: Warehouse, week_of: Made
) -> None:
    worker = Worker(warehouse)
    for week in preceding(LAST_WEEK, 3):  # it began three weeks ago: the weeks before are no baseline
        assert worker.deliver(week_of("graffiti", week, 4)) == []
    assert worker.deliver(week_of("graffiti", LAST_WEEK, 20)) == []
    for week in preceding(LAST_WEEK, 8)[:5]:  # then its history was imported
        worker.deliver(week_of("graffiti", week, 4))
    assert [a.observed for a in worker.deliver(week_of("graffiti", LAST_WEEK, 1))] == [21.0] * 2


def test_a_tenant_with_its_own_thresholds_is_judged_by_them(warehouse: Warehouse, week_of: Made) -> None:
    worker = Worker(warehouse, Rules(Rule(), {TENANT: Rule(z=3.0, minimum=25)}))
    with_history(worker, week_of)
    assert worker.deliver(week_of("graffiti", LAST_WEEK, 20)) == []
    assert [a.observed for a in worker.deliver(week_of("graffiti", LAST_WEEK, 5))] == [25.0] * 2


def test_the_bus_publishes_the_alerts_a_sink_raises_and_the_alerts_sink_stores_them(
    warehouse: Warehouse, week_of: Made
) -> None:
    heard: list[Alert] = []
    listener = Sink("test-alert-listener", (ALERTS,), heard.extend)
    stages = writer_stages(load_settings(), warehouse)  # as a worker builds them, from the settings
    bus = InProcessBus([*stages, listener], BusMetrics(CollectorRegistry()))
    history = [r for week in preceding(LAST_WEEK, 8) for r in week_of("graffiti", week, 4)]
    bus.publish([ENRICHED_REPORTS.record(r) for r in history + week_of("graffiti", LAST_WEEK, 20)])
    assert [(a.category, a.area_id, a.observed) for a in heard] == [
        ("graffiti", None, 20.0), ("graffiti", "centrum", 20.0),
    ]  # fmt: skip
    assert heard[1].message.startswith("Klotter i centrum: 20 händelser")  # the category by its name
    assert warehouse.query("SELECT count() FROM {db}.alerts FINAL") == [(2,)]


def test_an_alerts_table_without_versions_is_dropped_and_made_again(warehouse: Warehouse) -> None:
    warehouse.command("DROP TABLE {db}.alerts")
    warehouse.command("CREATE TABLE {db}.alerts (tenant String, alert_id UUID) ENGINE = ReplacingMergeTree "
                      "ORDER BY (tenant, alert_id)")  # fmt: skip
    warehouse.command("INSERT INTO {db}.alerts VALUES ('9999', generateUUIDv4())")
    warehouse.migrate()
    [(engine,)] = warehouse.query(
        "SELECT engine_full FROM system.tables WHERE database = {name:String} AND name = 'alerts'",
        {"name": warehouse.database},
    )
    assert "ReplacingMergeTree(version)" in engine
    assert warehouse.query("SELECT count() FROM {db}.alerts") == [(0,)]
