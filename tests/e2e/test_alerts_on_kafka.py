"""Spike alerts and rollups on a real Kafka broker: the aggregate worker publishes each change of an alert
once and stores what it published, and its tick keeps the rollups the series reads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from embrace.contracts import Alert
from embrace.topics import ALERTS
from embrace.warehouse import Warehouse
from tests.support.kafka_pipeline import KafkaPipeline, http, wait_until
from tests.support.payloads import weeks_ago
from tests.support.pipeline_watch import read_topic

pytestmark = pytest.mark.kafka


def graffiti(weeks: int, count: int) -> dict[str, Any]:
    at = weeks_ago(weeks).monday + timedelta(days=2, hours=12)
    times = ({"kind": "instant", "at": (at + timedelta(minutes=n)).isoformat()} for n in range(count))
    where = {"area_id": "centrum"}
    return {"incidents": [{"category": "graffiti", "time": t, "location": where} for t in times]}


@pytest.fixture
def pipeline(tmp_path: Path, kafka_bootstrap: str, topic_namespace: str) -> Iterator[KafkaPipeline]:
    running = KafkaPipeline(tmp_path / "home", kafka_bootstrap, topic_namespace)
    yield running
    running.stop_all()


def weekly(pipeline: KafkaPipeline, key: str, weeks: int) -> int:
    status, stats = http(pipeline.url("aggregate", f"/v1/stats/weekly?week={weeks_ago(weeks).label}"), key)
    return int(stats["incidents"]) if status == 200 else -1


def rolled_up(pipeline: KafkaPipeline, key: str) -> int:
    """Incidents of the ten weeks in the series, which reads the weekly rollup for this grouping."""
    params = f"from={weeks_ago(9).label}&to={weeks_ago(1).label}&group_by=week"
    status, body = http(pipeline.url("aggregate", f"/v1/stats/series?{params}"), key)
    return sum(row["incidents"] for row in body["rows"]) if status == 200 else -1


def test_a_spike_last_week_is_published_once_per_change_and_stored_as_published(
    pipeline: KafkaPipeline, kafka_bootstrap: str, topic_namespace: str
) -> None:
    key = pipeline.partner()
    pipeline.start_all("ingest", "enrich", "aggregate")
    for weeks in range(2, 10):  # eight ordinary weeks first
        assert http(pipeline.url("ingest", "/v1/reports"), key, graffiti(weeks, 4))[0] == 202
    assert wait_until(lambda: weekly(pipeline, key, 2) == 4 and weekly(pipeline, key, 9) == 4, timeout=120)
    for _ in range(4):  # then last week's spike, in four reports
        assert http(pipeline.url("ingest", "/v1/reports"), key, graffiti(1, 5))[0] == 202
    assert wait_until(lambda: weekly(pipeline, key, 1) == 20, timeout=60)
    assert wait_until(lambda: rolled_up(pipeline, key) == 52, timeout=30), rolled_up(pipeline, key)

    heard = [
        Alert.model_validate_json(v) for v in read_topic(kafka_bootstrap, topic_namespace + ALERTS.name, 2)
    ]
    changes = [(alert.event_id, alert.version) for alert in heard]
    assert len(changes) == len(set(changes)), "an alert's change was published twice"
    latest = {alert.event_id: alert for alert in sorted(heard, key=lambda a: a.version)}
    assert sorted((a.area_id or "", a.observed, a.expected, a.retracted) for a in latest.values()) == [
        ("", 20.0, 4.0, False), ("centrum", 20.0, 4.0, False),
    ]  # fmt: skip

    assert pipeline.stop("aggregate") == 0, pipeline.last_words("aggregate")
    warehouse = Warehouse.connect(f"chdb://{pipeline.home / 'clickhouse'}", "embrace")
    try:
        stored = warehouse.query("SELECT alert_id, version, observed FROM {db}.alerts FINAL")
    finally:
        warehouse.close()
    assert sorted(stored) == sorted((a.event_id, a.version, a.observed) for a in latest.values())
