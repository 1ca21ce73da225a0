"""SASL/SCRAM over TLS, where the deployment has certificates: the local broker started --secure --tls,
reached by kafka-python, by a faust worker and by kcat, each verifying the broker against the CA."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from kafka import KafkaConsumer

from embrace.bus.kafka_connection import KafkaConnection
from embrace.bus.topic_admin import ensure_topics, kafka_answers
from embrace.topics import INCIDENT_REPORTS
from services.cli.kafka import broker
from tests.support.kafka_pipeline import KafkaPipeline

pytestmark = pytest.mark.kafka


def openssl(*args: str, cwd: Path) -> None:
    done = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def certificates(folder: Path) -> Path:
    """A CA, and a server certificate it signed for 127.0.0.1: what a deployment would bring."""
    folder.mkdir()
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=embrace test CA", cwd=folder)  # fmt: skip
    openssl(
        "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "server.key", cwd=folder
    )
    openssl("req", "-new", "-key", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1", cwd=folder)
    (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.crt", "-days", "2", "-extfile", "san.ext", cwd=folder)  # fmt: skip
    parts = ("server.key", "server.crt", "ca.pem")
    (folder / "server.pem").write_text("".join((folder / p).read_text() for p in parts))
    return folder


@pytest.fixture(scope="module")
def tls_broker(tmp_path_factory: pytest.TempPathFactory, kafka_bootstrap: str) -> Iterator[KafkaConnection]:
    base = tmp_path_factory.mktemp("tls-kafka")
    tls = certificates(base / "certificates")
    yield broker.start(base / "broker", broker.free_port_pair(), secure=True, tls=tls)
    broker.stop(base / "broker")


def test_clients_speak_sasl_over_tls_and_verify_the_broker(
    tls_broker: KafkaConnection, tmp_path: Path, topic_namespace: str
) -> None:
    assert tls_broker.protocol == "SASL_SSL"
    assert kafka_answers(tls_broker)
    assert not kafka_answers(replace(tls_broker, ca_file=""))  # the same credentials, without TLS
    ensure_topics(tls_broker, namespace=topic_namespace)

    pipeline = KafkaPipeline(tmp_path / "home", tls_broker.bootstrap, topic_namespace)
    pipeline.start("enrich", {"EMBRACE_KAFKA_USERNAME": tls_broker.username,
                              "EMBRACE_KAFKA_PASSWORD": tls_broker.password,
                              "EMBRACE_KAFKA_CA_FILE": tls_broker.ca_file})  # fmt: skip  # faust over TLS
    pipeline.stop_all()

    topic = topic_namespace + INCIDENT_REPORTS.name
    kcat = subprocess.run(
        ["kcat", "-b", tls_broker.bootstrap, "-X", "security.protocol=SASL_SSL", "-X",
         f"ssl.ca.location={tls_broker.ca_file}", "-X", "sasl.mechanisms=SCRAM-SHA-512", "-X",
         f"sasl.username={tls_broker.username}", "-X", f"sasl.password={tls_broker.password}", "-P",
         "-t", topic],
        input=b"not a report, only bytes", capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert kcat.returncode == 0, kcat.stderr
    consumer = KafkaConsumer(topic, **tls_broker.client_options(), auto_offset_reset="earliest",
                             consumer_timeout_ms=10000)  # fmt: skip
    assert [m.value for m in consumer] == [b"not a report, only bytes"]
    consumer.close()
