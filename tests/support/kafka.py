"""A real Kafka broker for the tests: given, from testcontainers, or started from Maven Central jars."""

from __future__ import annotations

import os
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
    finally:
        broker.stop(base)
