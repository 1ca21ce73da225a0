"""A real Kafka broker for the tests: given, from testcontainers, or started from Maven Central jars."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from embrace.errors import OperatorError
from services.cli.kafka import broker

HOW_TO_GET_ONE = (
    "no Kafka broker for the tests: set KAFKA_BOOTSTRAP_SERVERS=host:port, or run a Docker daemon, "
    "or install Java 17 and Maven so the suite can start one (`embrace kafka start` does the same)"
)


class KafkaUnavailable(RuntimeError):
    pass


def docker_answers() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=3)
        client.ping()
        client.close()
        return True
    except Exception:
        return False


@contextmanager
def kafka_broker_for_tests() -> Iterator[str]:
    given = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if given:
        yield given
        return
    if docker_answers():
        from testcontainers.kafka import KafkaContainer

        with KafkaContainer("confluentinc/cp-kafka:7.9.0").with_kraft() as container:
            yield container.get_bootstrap_server()
        return
    base = Path(tempfile.mkdtemp(prefix="embrace-kafka-"))
    try:
        bootstrap = broker.start(base, broker.free_port_pair()).bootstrap
    except OperatorError as exc:
        raise KafkaUnavailable(f"{HOW_TO_GET_ONE} ({exc})") from None
    try:
        yield bootstrap
    finally:  # thrown away: no clean shutdown to wait for, and nothing left behind
        broker.stop(base, kill=True)
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def own_kafka(nodes: int = 1) -> Iterator[tuple[Path, int]]:
    """A broker, or a cluster, of a test's own, for a test that stops or kills it (the jars are cached by
    the suite's broker): its directory and first port. Thrown away afterwards: killed, since there is no
    clean shutdown to wait for (with a node gone, a clean stop waits out the lost quorum), and removed."""
    base, port = Path(tempfile.mkdtemp(prefix="embrace-kafka-")), broker.free_port_pair(nodes=nodes)
    broker.start(base, port, brokers=nodes)
    try:
        yield base, port
    finally:
        broker.stop(base, kill=True)
        shutil.rmtree(base, ignore_errors=True)
