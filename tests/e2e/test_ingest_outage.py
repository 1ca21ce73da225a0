"""Accept = commit: with Kafka down, reports are still accepted, and the backlog drains when it returns."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from embrace.contracts import IncidentReport
from embrace.topics import INCIDENT_REPORTS
from services.cli.kafka import broker
from tests.support.kafka import own_kafka
from tests.support.kafka_pipeline import KafkaPipeline, http, wait_until
from tests.support.payloads import weeks_ago
from tests.support.pipeline_watch import read_topic

pytestmark = pytest.mark.kafka


@pytest.fixture
def own_broker(kafka_bootstrap: str) -> Iterator[tuple[Path, int]]:
    with own_kafka() as (base, port):  # stopped and started again
        yield base, port


def metric(url: str, name: str) -> float:
    with urllib.request.urlopen(url, timeout=10) as response:
        found = re.search(rf"^{name} (\S+)$", response.read().decode(), re.MULTILINE)
    return float(found.group(1)) if found else -1.0


def test_reports_are_accepted_while_kafka_is_down_and_published_when_it_returns(
    tmp_path: Path, own_broker: tuple[Path, int]
) -> None:
    base, port = own_broker
    bootstrap = f"127.0.0.1:{port}"
    pipeline = KafkaPipeline(tmp_path / "home", bootstrap, "outage.")
    key = pipeline.partner()
    pipeline.start("ingest")
    week = weeks_ago(2)
    try:
        metrics = pipeline.url("ingest", "/metrics")
        assert http(pipeline.url("ingest", "/v1/reports"), key, week.three_incidents())[0] == 202
        assert wait_until(lambda: metric(metrics, "embrace_outbox_backlog") == 0, timeout=30)
        broker.stop(base)
        accepted = [
            http(pipeline.url("ingest", "/v1/reports"), key, week.three_incidents()) for _ in range(30)
        ]
        assert {status for status, _ in accepted} == {202}
        assert metric(metrics, "embrace_outbox_backlog") == 30
        ready = urllib.request.Request(pipeline.url("ingest", "/readyz"))
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(ready, timeout=10)
        assert refused.value.code == 503

        broker.start(base, port)
        assert wait_until(lambda: metric(metrics, "embrace_outbox_backlog") == 0, timeout=120)
    finally:
        pipeline.stop_all()
    read = read_topic(bootstrap, "outage." + INCIDENT_REPORTS.name, 31)
    published = {IncidentReport.model_validate_json(value).event_id for value in read}
    assert {str(r) for r in published} >= {body["id"] for _, body in accepted}
    assert len(published) == 31
