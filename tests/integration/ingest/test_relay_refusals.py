"""A record Kafka will never take (too large) leaves the queue as a dead letter and stays in the outbox
with the reason; the rest are published and leave it."""

from __future__ import annotations

from pathlib import Path

import pytest
from kafka import KafkaConsumer
from prometheus_client import CollectorRegistry
from sqlalchemy import select

from embrace.bus.topic_admin import ensure_topics
from embrace.contracts import DeadLetter
from embrace.record import Record
from embrace.settings import load_settings
from embrace.sqlstore import SqlStore
from embrace.sqlstore.outbox import backlog, enqueue
from embrace.sqlstore.tables import OutboxMessage
from embrace.topics import INCIDENT_REPORTS, dead_letters
from services.cli.bootstrap import outbox_relay
from services.ingest.relay import KEPT_OF_REFUSED

pytestmark = pytest.mark.kafka
TOO_LARGE = b"x" * (2 * 1024 * 1024)  # above the producer's and the broker's 1 MiB


def read(topic: str, bootstrap: str) -> list[bytes]:
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                             consumer_timeout_ms=5000)  # fmt: skip
    values = [message.value for message in consumer]
    consumer.close()
    return values


def test_a_record_kafka_refuses_is_set_aside_as_a_dead_letter_and_does_not_block_the_queue(
    sql_store: SqlStore, tmp_path: Path, kafka_bootstrap: str, topic_namespace: str
) -> None:
    ensure_topics(kafka_bootstrap, namespace=topic_namespace)
    topic = INCIDENT_REPORTS.name
    with sql_store.session() as session:
        enqueue(
            session,
            [Record(topic, b"1", b"first"), Record(topic, b"2", TOO_LARGE), Record(topic, b"3", b"last")],
        )
    settings = load_settings(home=tmp_path, kafka_bootstrap=kafka_bootstrap, topic_namespace=topic_namespace)
    relay = outbox_relay(settings, sql_store, CollectorRegistry())
    try:
        relay.drain()
    finally:
        relay.stop()
    assert sorted(read(topic_namespace + topic, kafka_bootstrap)) == [b"first", b"last"]
    [raw] = read(topic_namespace + dead_letters("outbox-relay").name, kafka_bootstrap)
    letter = DeadLetter.model_validate_json(raw)
    assert letter.stage == "outbox-relay"
    assert letter.source_topic == topic
    assert "MessageSizeTooLargeError" in letter.reason
    assert letter.original == TOO_LARGE[:KEPT_OF_REFUSED]
    with sql_store.session() as session:
        assert backlog(session) == 0
        [kept] = session.scalars(select(OutboxMessage)).all()  # what was published is not kept
        assert (kept.value, kept.refused_at is not None) == (TOO_LARGE, True)
        assert "MessageSizeTooLargeError" in (kept.last_error or "")
