"""Topics and publishing on the real broker."""

from __future__ import annotations

import time

import pytest
from kafka import KafkaConsumer
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

from embrace.bus import topic_admin
from embrace.bus.kafka_producer import KafkaPublisher
from embrace.bus.topic_admin import ensure_topics
from embrace.errors import StoreUnavailable
from embrace.record import Record
from embrace.topics import AREAS, ENRICHED_REPORTS, INCIDENT_REPORTS, all_topics, dead_letters
from tests.support.network import free_port

pytestmark = pytest.mark.kafka


def describe(bootstrap: str, names: list[str]) -> tuple[dict[str, int], dict[str, dict[str, str]]]:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        partitions = {t["name"]: len(t["partitions"]) for t in admin.describe_topics(names)}
        resources = [ConfigResource(ConfigResourceType.TOPIC, name) for name in names]
        described = admin.describe_configs(resources, config_filter="all")
    finally:
        admin.close()
    configs = {
        name: {key: entry["value"] for key, entry in described["topic"][name].items()} for name in names
    }
    return partitions, configs


def test_the_platform_topics_are_created_with_partitions_retention_and_compaction(
    kafka_bootstrap: str, topic_namespace: str
) -> None:
    created = ensure_topics(kafka_bootstrap, namespace=topic_namespace)
    assert sorted(created) == sorted(topic_namespace + t.name for t in all_topics())
    assert ensure_topics(kafka_bootstrap, namespace=topic_namespace) == []  # idempotent
    raw, areas, dlq = (
        topic_namespace + t.name for t in (INCIDENT_REPORTS, AREAS, dead_letters("enrich-reports"))
    )
    partitions, configs = describe(kafka_bootstrap, [raw, areas, dlq])
    assert partitions == {raw: 6, areas: 6, dlq: 1}
    assert (configs[raw]["cleanup.policy"], configs[raw]["retention.ms"]) == ("delete", str(30 * 86_400_000))
    assert configs[areas]["cleanup.policy"] == "compact"
    assert configs[dlq]["retention.ms"] == str(90 * 86_400_000)


def test_published_records_arrive_keyed_in_the_namespaced_topic(
    kafka_bootstrap: str, topic_namespace: str
) -> None:
    ensure_topics(kafka_bootstrap, [ENRICHED_REPORTS], namespace=topic_namespace)
    publisher = KafkaPublisher(kafka_bootstrap, "test", namespace=topic_namespace)
    records = [Record(ENRICHED_REPORTS.name, b"report-1", b'{"n": %d}' % n) for n in range(10)]
    publisher.publish(records)
    publisher.close()
    consumer = KafkaConsumer(
        topic_namespace + ENRICHED_REPORTS.name,
        bootstrap_servers=kafka_bootstrap,
        auto_offset_reset="earliest",
        consumer_timeout_ms=5000,
    )
    received = [(m.key, m.value, m.partition) for m in consumer]
    consumer.close()
    assert [value for _, value, _ in received] == [
        r.value for r in records
    ]  # one key: one partition, in order
    assert len({partition for _, _, partition in received}) == 1


def test_a_broker_that_does_not_answer_is_one_clear_line() -> None:
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match=r"^no Kafka broker answers at 127.0.0.1:\d+$"):
        KafkaPublisher(f"127.0.0.1:{free_port()}", "test", timeout_seconds=2)
    assert time.monotonic() - started < 10


def test_more_replicas_than_brokers_wait_for_a_fenced_one_then_say_so(
    kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(topic_admin, "FENCED_PATIENCE", 2.0)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match=r"^3 replicas asked, but the cluster has 1 broker\(s\)$"):
        ensure_topics(kafka_bootstrap, [INCIDENT_REPORTS], replication_factor=3, namespace="fenced-")
    assert 2.0 <= time.monotonic() - started < 10


def test_a_client_told_of_a_controller_it_cannot_reach_is_not_asked_again(
    kafka_bootstrap: str, topic_namespace: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a cluster still forming leaves a client: told of a controller before it had that broker's address.
    made: list[KafkaAdminClient] = []

    def first_one_astray(kafka: str) -> KafkaAdminClient:
        made.append(KafkaAdminClient(bootstrap_servers=kafka))
        if len(made) == 1:
            made[0]._controller_id = 99
        return made[-1]

    monkeypatch.setattr(topic_admin, "admin_client", first_one_astray)
    monkeypatch.setattr("embrace.bus.topic_admin.time.sleep", lambda _: None)
    created = ensure_topics(kafka_bootstrap, [AREAS], namespace=topic_namespace)
    assert created == [topic_namespace + AREAS.name]
    partitions, _ = describe(kafka_bootstrap, created)
    assert partitions == {created[0]: AREAS.partitions}
