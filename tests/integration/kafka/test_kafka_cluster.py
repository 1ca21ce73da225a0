"""`embrace kafka start --brokers 3`: three KRaft nodes from the same jars, each its own directory,
ports and log. The platform's topics get three replicas and need two in sync. (With a node killed for
good, see tests/e2e/test_broker_loss.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka.admin import ConfigResource, ConfigResourceType

from embrace.bus.topic_admin import admin_client, brokers_answering
from embrace.topics import INCIDENT_REPORTS
from services.cli.kafka import broker
from services.cli.main import main
from tests.support.kafka_pipeline import wait_until

pytestmark = pytest.mark.kafka
TOPIC = INCIDENT_REPORTS.name


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, kafka_bootstrap: str) -> Iterator[Path]:
    # kafka_bootstrap first: the jars are then resolved once for the suite.
    base = tmp_path_factory.mktemp("cluster")
    port = broker.free_port_pair(nodes=3)
    assert main(["kafka", "start", "--brokers", "3", "--dir", str(base), "--port", str(port)]) == 0
    yield base
    broker.stop(base, kill=True)


def test_three_nodes_each_with_its_own_directory_ports_and_log(cluster: Path) -> None:
    nodes = broker.Broker(cluster).nodes()
    assert [(n.id, n.base.name) for n in nodes] == [(1, "node-1"), (2, "node-2"), (3, "node-3")]
    assert len({n.port for n in nodes}) == 3
    assert all(n.running_pid() is not None and n.log.stat().st_size > 0 for n in nodes)
    access = broker.Broker(cluster).access()
    assert access.bootstrap.count(",") == 2
    assert brokers_answering(access) == 3


def test_the_platform_s_topics_have_three_replicas_and_need_two_in_sync(cluster: Path) -> None:
    admin = admin_client(broker.Broker(cluster).access())
    try:
        # The node asked may not have applied the new topic's partitions yet: each node follows the
        # controllers' metadata log on its own, a moment behind on a busy machine.
        assert wait_until(lambda: admin.describe_topics([TOPIC])[0]["partitions"], timeout=30)
        [described] = admin.describe_topics([TOPIC])
        assert {len(p["replica_nodes"]) for p in described["partitions"]} == {3}
        configs = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, TOPIC)])
        assert configs["topic"][TOPIC]["min.insync.replicas"]["value"] == "2"
    finally:
        admin.close()
