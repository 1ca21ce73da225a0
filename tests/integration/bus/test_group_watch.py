"""Where a consumer group stands, as Kafka keeps it: the offsets it committed on a topic beside where the
topic's logs end, a partition never committed on counted from where its log begins."""

from __future__ import annotations

import time

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata
from prometheus_client import CollectorRegistry

from embrace.bus.group_watch import GroupWatch
from embrace.bus.kafka_connection import KafkaConnection
from embrace.bus.metrics import BusMetrics
from embrace.bus.topic_admin import ensure_topics
from tests.support.toy_bus import NUMBERS
from tests.support.toy_faust import number

pytestmark = pytest.mark.kafka
ON_EACH = (4, 3, 3)  # messages on partitions 0, 1 and 2


def test_a_group_stands_where_it_committed_beside_the_ends(
    kafka_bootstrap: str, topic_namespace: str
) -> None:
    topic, group = topic_namespace + NUMBERS.name, topic_namespace + "embrace-aggregate"
    ensure_topics(kafka_bootstrap, [NUMBERS], partitions=3, namespace=topic_namespace)
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    for partition, count in enumerate(ON_EACH):
        for n in range(count):
            producer.send(topic, value=number(n), partition=partition)
    producer.flush()
    producer.close()
    member = KafkaConsumer(bootstrap_servers=kafka_bootstrap, group_id=group, enable_auto_commit=False)
    member.commit(
        {
            TopicPartition(topic, 0): OffsetAndMetadata(3, "", -1),  # 1 behind
            TopicPartition(topic, 2): OffsetAndMetadata(3, "", -1),
        }
    )  # at the end; 1 never committed
    member.close()
    metrics = BusMetrics(CollectorRegistry())
    watch = GroupWatch(KafkaConnection(kafka_bootstrap), group, [topic], metrics, namespace=topic_namespace,
                       every_seconds=0.5)  # fmt: skip
    watch.start()
    try:
        end = metrics.group_end.labels(group, NUMBERS.name)
        deadline = time.monotonic() + 30
        while end._value.get() == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        committed = metrics.group_committed.labels(group, NUMBERS.name)._value.get()
        assert (committed, end._value.get()) == (3 + 0 + 3, sum(ON_EACH))
    finally:
        watch.stop()
