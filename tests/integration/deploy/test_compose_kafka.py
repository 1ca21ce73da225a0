"""docker-compose's broker start script, run for real against the Kafka jars: it comes up with SASL/SCRAM
and ACLs from the project's templates, the administrator gets in, and nobody else does."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from embrace.bus.kafka_connection import KafkaConnection
from embrace.bus.topic_admin import kafka_answers
from services.cli.kafka import broker, jars
from tests.support.kafka_pipeline import wait_until

pytestmark = pytest.mark.kafka

ROOT = Path(__file__).parents[3]
PASSWORD = "compose0admin0password"


def kafka_home(base: Path) -> Path:
    """A stand-in for the image's /opt/kafka: its two scripts, on the jars `embrace kafka start` uses."""
    classpath = f"{jars.resolve_jars()}/*"
    java = jars.java_binary()
    log4j = f"-Dlog4j.configuration=file:{ROOT / 'deploy' / 'kafka' / 'log4j.properties'}"
    run = f'exec {java} -Xmx512m {log4j} -cp "{classpath}"'
    scripts = {"kafka-storage.sh": f'{run} kafka.tools.StorageTool "$@"',
               "kafka-server-start.sh": f'{run} kafka.Kafka "$@"'}  # fmt: skip
    for name, body in scripts.items():
        script = base / "bin" / name
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(0o755)
    return base


@pytest.fixture
def compose_broker(tmp_path: Path, kafka_bootstrap: str) -> Iterator[str]:
    port = broker.free_port_pair()
    env = {**os.environ, "KAFKA_ADMIN_PASSWORD": PASSWORD, "KAFKA_HOME": str(kafka_home(tmp_path / "kafka")),
           "EMBRACE_KAFKA_TEMPLATES": str(ROOT / "deploy" / "kafka"), "KAFKA_DATA": str(tmp_path / "data"),
           "KAFKA_WORK": str(tmp_path), "KAFKA_HOST": "127.0.0.1", "KAFKA_PORT": str(port)}  # fmt: skip
    log = (tmp_path / "broker.log").open("w")
    process = subprocess.Popen(["bash", str(ROOT / "deploy" / "kafka" / "compose-start.sh")], env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    yield f"127.0.0.1:{port}"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)
    log.close()


def test_the_compose_broker_lets_in_its_administrator_only(compose_broker: str, tmp_path: Path) -> None:
    admin = KafkaConnection(compose_broker, "embrace-admin", PASSWORD)
    assert wait_until(lambda: kafka_answers(admin), timeout=90), (tmp_path / "broker.log").read_text()[-3000:]
    assert not kafka_answers(compose_broker)  # no credentials
    assert not kafka_answers(KafkaConnection(compose_broker, "embrace-admin", "a guess"))
    assert "sasl.mechanism=SCRAM-SHA-512" in (tmp_path / "admin.properties").read_text()  # the healthcheck's
