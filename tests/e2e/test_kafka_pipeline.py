"""The whole pipeline on a real Kafka broker, with ingest, enrich and aggregate as separate processes."""

from __future__ import annotations

import re
import signal
import threading
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer

from embrace.contracts import DeadLetter
from embrace.topics import ENRICHED_REPORTS, INCIDENT_REPORTS, dead_letters
from tests.support.kafka_pipeline import KafkaPipeline, http, wait_until
from tests.support.pipeline_traffic import counted, malformed_messages, reports, stored
from tests.support.pipeline_watch import committed, read_topic

pytestmark = pytest.mark.kafka


@pytest.fixture
def pipeline(tmp_path: Path, kafka_bootstrap: str, topic_namespace: str) -> Iterator[KafkaPipeline]:
    running = KafkaPipeline(tmp_path / "home", kafka_bootstrap, topic_namespace)
    yield running
    running.stop_all()


def test_2000_incidents_end_up_exactly_once_and_malformed_input_in_dead_letters(
    pipeline: KafkaPipeline, kafka_bootstrap: str, topic_namespace: str
) -> None:
    key = pipeline.partner()
    pipeline.start_all("ingest", "enrich", "aggregate")
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    raw_topic = topic_namespace + INCIDENT_REPORTS.name
    bad = malformed_messages()

    def post(body: dict[str, Any]) -> int:
        return http(pipeline.url("ingest", "/v1/reports"), key, body)[0]

    with ThreadPoolExecutor(8) as pool:
        posted = pool.map(post, reports(100, 20))
        for n, message in enumerate(bad):  # straight onto the raw topic, between the good ones
            producer.send(raw_topic, key=b"bad-%d" % n, value=message)
        statuses = list(posted)
    producer.flush()
    producer.close()
    assert statuses == [202] * 100
    assert wait_until(lambda: counted(pipeline, key) >= 2000, timeout=120), counted(pipeline, key)

    published = read_topic(kafka_bootstrap, topic_namespace + dead_letters("enrich-reports").name, len(bad))
    letters = [DeadLetter.model_validate_json(value) for value in published]
    assert sorted(letter.original for letter in letters) == sorted(bad)
    assert all(letter.reason.startswith("invalid IncidentReport: ") for letter in letters)
    assert {letter.stage for letter in letters} == {"enrich-reports"}

    assert wait_until(lambda: counted(pipeline, key) == 2000, timeout=5)
    assert pipeline.stop("aggregate") == 0, pipeline.last_words("aggregate")
    current, distinct, reasons = stored(pipeline)
    assert (current, distinct) == (2000, 2000)
    assert len(reasons) == 20


def test_a_killed_enrich_worker_loses_nothing_and_doubles_nothing(pipeline: KafkaPipeline) -> None:
    key = pipeline.partner()
    pipeline.start_all("ingest", "enrich", "aggregate")
    bodies = list(reports(150, 10))
    done = threading.Event()

    def post_all() -> None:
        for body in bodies:
            assert http(pipeline.url("ingest", "/v1/reports"), key, body)[0] == 202
        done.set()

    poster = threading.Thread(target=post_all)
    poster.start()
    assert wait_until(lambda: counted(pipeline, key) > 200, timeout=60)
    assert pipeline.stop("enrich", signal.SIGKILL) == -signal.SIGKILL  # mid-stream, no goodbye
    pipeline.start("enrich")
    poster.join(120)
    assert done.is_set()
    assert wait_until(lambda: counted(pipeline, key) == 1500, timeout=120), counted(pipeline, key)
    assert pipeline.stop("aggregate") == 0, pipeline.last_words("aggregate")
    current, distinct, _ = stored(pipeline)
    assert (current, distinct) == (1500, 1500)
    assert pipeline.stop("enrich") == 0, pipeline.last_words("enrich")  # its successor stops cleanly too


def unwritten_seconds(pipeline: KafkaPipeline, stage: str) -> float:
    with urllib.request.urlopen(pipeline.url("aggregate", "/metrics"), timeout=10) as response:
        text = response.read().decode()
    found = re.search(rf'^embrace_sink_unwritten_seconds\{{stage="{stage}"\}} (\S+)$', text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_an_aggregate_worker_stopped_while_its_warehouse_is_down_loses_nothing(
    pipeline: KafkaPipeline, kafka_bootstrap: str, topic_namespace: str
) -> None:
    key = pipeline.partner()
    group, enriched = topic_namespace + "embrace-aggregate", topic_namespace + ENRICHED_REPORTS.name

    def enriched_committed() -> int:  # one message per report
        return committed(kafka_bootstrap, group, enriched)

    pipeline.share_warehouse()
    pipeline.start_all("ingest", "enrich", "aggregate")
    first, then = list(reports(10, 10)), list(reports(20, 10))[10:]
    assert [http(pipeline.url("ingest", "/v1/reports"), key, body)[0] for body in first] == [202] * 10
    assert wait_until(lambda: counted(pipeline, key) == 100, timeout=60), counted(pipeline, key)
    assert wait_until(lambda: enriched_committed() == 10, timeout=10)  # a batch done is committed
    assert pipeline.stop("warehouse") == 0
    assert [http(pipeline.url("ingest", "/v1/reports"), key, body)[0] for body in then] == [202] * 10
    # The worker holds a batch it cannot write when it is told to stop.
    assert wait_until(lambda: unwritten_seconds(pipeline, "sink-incidents") > 1, timeout=60)
    assert pipeline.stop("aggregate") == 0, pipeline.last_words("aggregate")
    pipeline.share_warehouse()
    pipeline.start("aggregate")
    assert wait_until(lambda: counted(pipeline, key) == 200, timeout=60), counted(pipeline, key)
    assert wait_until(lambda: enriched_committed() == 20, timeout=10)
    assert pipeline.stop("aggregate") == 0, pipeline.last_words("aggregate")
    current, distinct, _ = stored(pipeline)
    assert (current, distinct) == (200, 200)
