"""`embrace kafka start --brokers 3`: three KRaft nodes from the same jars, each its own directory,
ports and log. The platform's topics get three replicas and need two in sync, and the platform's
publisher (acks from all in-sync replicas, idempotent) goes on writing with one node killed for good."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka import KafkaConsumer
from kafka.admin import ConfigResource, ConfigResourceType

from embrace.bus.kafka_producer import KafkaPublisher
from embrace.bus.topic_admin import admin_client, brokers_answering
from embrace.record import Record
from embrace.topics import INCIDENT_REPORTS
from services.cli import kafka_broker
from services.cli.main import main

pytestmark = pytest.mark.kafka
TOPIC = INCIDENT_REPORTS.name


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, kafka_bootstrap: str) -> Iterator[Path]:
    # kafka_bootstrap first: the jars are then resolved once for the suite.
    base = tmp_path_factory.mktemp("cluster")
    port = kafka_broker.free_port_pair(nodes=3)
    assert main(["kafka", "start", "--brokers", "3", "--dir", str(base), "--port", str(port)]) == 0
    yield base
    kafka_broker.stop(base)


def test_three_nodes_each_with_its_own_directory_ports_and_log(cluster: Path) -> None:
    nodes = kafka_broker.Broker(cluster).nodes()
    assert [(n.id, n.base.name) for n in nodes] == [(1, "node-1"), (2, "node-2"), (3, "node-3")]
    assert len({n.port for n in nodes}) == 3
    assert all(n.running_pid() is not None and n.log.stat().st_size > 0 for n in nodes)
    access = kafka_broker.Broker(cluster).access()
    assert access.bootstrap.count(",") == 2
    assert brokers_answering(access) == 3


def test_the_platform_s_topics_have_three_replicas_and_need_two_in_sync(cluster: Path) -> None:
    admin = admin_client(kafka_broker.Broker(cluster).access())
    try:
        [described] = admin.describe_topics([TOPIC])
        assert {len(p["replica_nodes"]) for p in described["partitions"]} == {3}
        configs = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, TOPIC)])
        assert configs["topic"][TOPIC]["min.insync.replicas"]["value"] == "2"
    finally:
        admin.close()


def test_with_one_node_killed_for_good_every_acknowledged_record_is_read(cluster: Path) -> None:
    broker = kafka_broker.Broker(cluster)
    access = broker.access()
    publisher = KafkaPublisher(access, "cluster-test")
    try:
        publisher.publish([Record(TOPIC, f"before-{n}".encode(), b"{}") for n in range(50)])
        broker.nodes()[1].stop(kill=True)  # SIGKILL, and not started again
        publisher.publish([Record(TOPIC, f"after-{n}".encode(), b"{}") for n in range(50)])
    finally:
        publisher.close()
    sent = sorted([f"before-{n}" for n in range(50)] + [f"after-{n}" for n in range(50)])
    consumer = KafkaConsumer(TOPIC, **access.client_options(), auto_offset_reset="earliest",
                             group_id="cluster-test")  # fmt: skip
    keys: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while len(keys) < len(sent) and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=1000).values():
                keys += [message.key.decode() for message in batch]
        time.sleep(1)  # nothing more comes: none was doubled
        keys += [m.key.decode() for batch in consumer.poll(timeout_ms=1000).values() for m in batch]
    finally:
        consumer.close()
    assert sorted(keys) == sent
