"""A worker's consumer asking for its group's committed offsets from a broker that is not the group's
coordinator (as after the coordinator moved) gets an error and asks the coordinator, on a cluster of
two: without reading the answer's group-level error it would take the group for one that never
committed, and read the partition again from its start."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from embrace.bus.faust_app import create_app
from tests.support.kafka import own_kafka

pytestmark = pytest.mark.kafka
NUMBERS = TopicPartition("numbers", 0)


@pytest.fixture(scope="module")
def two_brokers() -> Iterator[str]:
    with own_kafka(nodes=2) as (_, port):
        yield f"127.0.0.1:{port}"


async def committed_after_asking_elsewhere(bootstrap: str) -> tuple[int | None, bool]:
    """The offset the group committed, 3, as the consumer reads it when it first asks a broker that is
    not its coordinator; and whether it forgot that broker as its coordinator."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic(NUMBERS.topic, 1, 2)])
    await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    async with producer:
        for number in range(5):
            await producer.send_and_wait(NUMBERS.topic, str(number).encode())
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id="counters", enable_auto_commit=False)
    async with consumer:
        consumer.assign([NUMBERS])
        await consumer.commit({NUMBERS: 3})
        coordinator = consumer._coordinator
        coordinator.coordinator_id = next(
            b.nodeId for b in consumer._client.cluster.brokers() if b.nodeId != coordinator.coordinator_id
        )
        asked_elsewhere = coordinator.coordinator_id
        committed = await consumer.committed(NUMBERS)
        return committed, coordinator.coordinator_id != asked_elsewhere


def test_a_broker_that_is_not_the_coordinator_is_not_taken_for_a_group_that_never_committed(
    two_brokers: str,
) -> None:
    create_app("counters", two_brokers)  # as a worker makes its app: its consumer is aiokafka's
    assert asyncio.run(committed_after_asking_elsewhere(two_brokers)) == (3, True)
