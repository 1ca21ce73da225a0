"""Integrators on a broker with SASL/SCRAM and ACLs: each writes its own inbox and nothing else, its
incidents are counted under its own tenant and organisation, a body speaking for anyone else is a dead
letter, and a revoked integrator is refused. The services run as their own least-privileged principals."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaConsumer, KafkaProducer
from kafka.errors import KafkaError

from embrace.bus.kafka_connection import KafkaConnection
from embrace.contracts import DeadLetter
from embrace.inboxes import inbox
from embrace.topics import ENRICHED_REPORTS, INCIDENT_REPORTS, dead_letters
from services.cli.kafka import broker
from tests.support.builders import incident, report
from tests.support.kafka_pipeline import KafkaPipeline, http, wait_until
from tests.support.payloads import weeks_ago
from tests.support.processes import run_embrace

pytestmark = pytest.mark.kafka

SECRET = "a secret the services' passwords come from"
LAST = weeks_ago(1)


@pytest.fixture(scope="module")
def secure_broker(
    tmp_path_factory: pytest.TempPathFactory, kafka_bootstrap: str
) -> Iterator[KafkaConnection]:
    """A broker of its own, started --secure; ``kafka_bootstrap`` first, so the jars are there."""
    base = tmp_path_factory.mktemp("secure-kafka")
    yield broker.start(base, broker.free_port_pair(), secure=True)
    broker.stop(base)


class Story:
    def __init__(self, home: Path, admin: KafkaConnection, namespace: str) -> None:
        self.home, self.admin, self.namespace = home, admin, namespace
        self.pipeline = KafkaPipeline(home, admin.bootstrap, namespace)
        self.env = {"EMBRACE_KAFKA_BOOTSTRAP": admin.bootstrap, "EMBRACE_TOPIC_NAMESPACE": namespace,
                    "EMBRACE_KAFKA_SECRET": SECRET}  # fmt: skip

    def as_admin(self, *args: str) -> str:
        env = {**self.env, "EMBRACE_KAFKA_USERNAME": self.admin.username,
               "EMBRACE_KAFKA_PASSWORD": self.admin.password}  # fmt: skip
        done = run_embrace(self.home, *args, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start_all(self, *services: str) -> None:
        self.pipeline.start_all(*services, env_of=self.service_env)

    def service_env(self, service: str) -> dict[str, str]:
        # As in docker-compose: the service's own user, its password derived from the services' secret.
        return {
            "EMBRACE_KAFKA_USERNAME": f"{self.namespace}embrace-{service}",
            "EMBRACE_KAFKA_SECRET": SECRET,
        }

    def integrator(self, tenant: str, org: str) -> KafkaConnection:
        said = self.as_admin("integrators", "add", "--tenant", tenant, "--org", org)
        found = dict(re.findall(r"^(username|password): (\S+)$", said, re.M))
        return KafkaConnection(self.admin.bootstrap, found["username"], found["password"])

    def topic(self, tenant: str, org: str) -> str:
        return self.namespace + inbox(tenant, org).name


@pytest.fixture
def story(tmp_path: Path, secure_broker: KafkaConnection, topic_namespace: str) -> Iterator[Story]:
    told = Story(tmp_path / "home", secure_broker, topic_namespace)
    yield told
    told.pipeline.stop_all()


def incidents(tenant: str, org: str, count: int) -> bytes:
    times = [LAST.monday + timedelta(days=2, hours=10 + n) for n in range(count)]
    made = report(*(incident("graffiti", at) for at in times), tenant=tenant, organisation=org,
                  source="housing", channel="kafka", occurred=datetime.now(UTC))  # fmt: skip
    return made.model_dump_json().encode()


def send(kafka: KafkaConnection, topic: str, value: bytes) -> None:
    producer = KafkaProducer(**kafka.client_options(), acks="all", max_block_ms=10000)
    try:
        producer.send(topic, value=value).get(timeout=20)
    finally:
        producer.close()


def refused(action: Any) -> bool:
    """Whether Kafka refused the client the action, saying it is not authorised."""
    try:
        action()
    except KafkaError as error:
        return "Authorization" in type(error).__name__
    return False


def test_an_integrator_speaks_for_its_own_organisation_only(story: Story) -> None:
    story.pipeline.partner("0180", "bostader")
    story.pipeline.partner("0180", "vakt")
    assert "applied: 3 users" in story.as_admin("kafka", "principals", "--apply")
    story.start_all("ingest", "enrich", "aggregate")
    bostader = story.integrator("0180", "bostader")  # after the workers started: found by pattern
    vakt = story.integrator("0180", "vakt")

    send(bostader, story.topic("0180", "bostader"), incidents("0180", "bostader", 3))
    claiming = incidents("0180", "vakt", 2)
    send(bostader, story.topic("0180", "bostader"), claiming)  # its own inbox, another's name
    assert refused(lambda: send(bostader, story.topic("0180", "vakt"), incidents("0180", "bostader", 1)))
    assert refused(lambda: send(bostader, story.namespace + INCIDENT_REPORTS.name, claiming))
    assert refused(lambda: read(bostader, story.topic("0180", "bostader")))  # it may not even read its own
    assert refused(lambda: read(bostader, story.namespace + ENRICHED_REPORTS.name, group="mine"))

    kcat = kcat_as(vakt, "-P", "-t", story.topic("0180", "vakt"), data=incidents("0180", "vakt", 4))
    assert kcat.returncode == 0, kcat.stderr

    letters = story.namespace + dead_letters("enrich-reports").name
    assert wait_until(lambda: len(read(story.admin, letters)) == 1, timeout=60)
    (letter,) = [DeadLetter.model_validate_json(raw) for raw in read(story.admin, letters)]
    assert letter.original == claiming
    assert "organisation: " in letter.reason
    assert "speaks for organisation bostader only, not vakt" in letter.reason

    assert "revoked" in story.as_admin("integrators", "revoke", "--tenant", "0180", "--org", "vakt")
    gone = kcat_as(vakt, "-P", "-t", story.topic("0180", "vakt"), data=incidents("0180", "vakt", 1))
    assert gone.returncode != 0
    assert b"Authentication failed" in gone.stderr
    assert story.as_admin("integrators", "list").split() == [f"{story.namespace}integrator.0180.bostader"]

    key = story.pipeline.partner("0180", "kommunen")
    assert wait_until(lambda: by_organisation(story, key) == {"bostader": 3, "vakt": 4}, timeout=90), (
        by_organisation(story, key)
    )


def kcat_as(kafka: KafkaConnection, *args: str, data: bytes) -> subprocess.CompletedProcess[bytes]:
    """Debian's kcat, as an integrator would run it."""
    sasl = ["security.protocol=SASL_PLAINTEXT", "sasl.mechanisms=SCRAM-SHA-512",
            f"sasl.username={kafka.username}", f"sasl.password={kafka.password}"]  # fmt: skip
    options = [part for setting in sasl for part in ("-X", setting)]
    return subprocess.run(["kcat", "-b", kafka.bootstrap, *options, *args], input=data, capture_output=True,
                          timeout=60, check=False)  # fmt: skip


def read(kafka: KafkaConnection, topic: str, group: str | None = None) -> list[bytes]:
    consumer = KafkaConsumer(topic, **kafka.client_options(), auto_offset_reset="earliest",
                             consumer_timeout_ms=3000, group_id=group)  # fmt: skip
    try:
        return [m.value for m in consumer]
    finally:
        consumer.close()


def by_organisation(story: Story, key: str) -> dict[str, int]:
    path = f"/v1/stats/series?from={LAST.label}&to={LAST.label}&group_by=organisation&fresh=true"
    status, body = http(story.pipeline.url("aggregate", path), key)
    return {row["organisation"]: row["incidents"] for row in body["rows"]} if status == 200 else {}
