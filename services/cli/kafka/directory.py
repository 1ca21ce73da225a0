"""A local Kafka's directory and what it keeps between starts: its nodes, where clients reach it, the
administrator's password and the cluster id."""

from __future__ import annotations

import base64
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from embrace.bus.kafka_connection import KafkaConnection
from embrace.errors import OperatorError
from services.cli.kafka.node import Node

ADMIN_USER = "embrace-admin"


@dataclass(frozen=True)
class Broker:
    """A local Kafka's directory: its nodes, and what its clients need (bootstrap, admin password, CA)."""

    base: Path

    @property
    def bootstrap_file(self) -> Path:
        return self.base / "bootstrap"

    @property
    def admin_password_file(self) -> Path:
        """Present when it runs ``--secure``: the administrator's password, for this user only."""
        return self.base / "admin-password"

    @property
    def ca_file(self) -> Path:
        """Present when it speaks TLS: the path of the CA its clients verify it against."""
        return self.base / "tls-ca"

    @property
    def log(self) -> Path:
        return self.nodes()[0].log

    def nodes(self, port: int | None = None, count: int = 1) -> list[Node]:
        """Its nodes: as many as were made before, else ``count``; from ``port``, else from the ports it
        last ran on."""
        made = list(self.base.glob("node-*"))
        single = not made and ((self.base / "data").exists() or count == 1)
        known = [int(address.rsplit(":", 1)[1]) for address in (self.bootstrap() or "").split(",") if address]
        first = port if port is not None else (known[0] if known else 9092)
        if single:
            return [Node(self.base, 1, first)]
        many = len(made) or count
        return [Node(self.base / f"node-{i}", i, first + 2 * (i - 1)) for i in range(1, many + 1)]

    def access(self) -> KafkaConnection:
        """How the administrator reaches it (no credentials when it runs without security)."""
        bootstrap = self.bootstrap() or ""
        if not self.admin_password_file.exists():
            return KafkaConnection(bootstrap)
        ca = self.ca_file.read_text().strip() if self.ca_file.exists() else ""
        return KafkaConnection(bootstrap, ADMIN_USER, self.admin_password_file.read_text().strip(), ca)

    def bootstrap(self) -> str | None:
        return self.bootstrap_file.read_text().strip() if self.bootstrap_file.exists() else None

    def running_pid(self) -> int | None:
        """The first node's pid if it runs."""
        return self.nodes()[0].running_pid()


def admin_password(broker: Broker, secure: bool, formatted: bool) -> str:
    """The administrator's password of a secure Kafka ('' otherwise), made when its storage is."""
    if formatted and secure != broker.admin_password_file.exists():
        was = "with" if broker.admin_password_file.exists() else "without"
        raise OperatorError(f"the Kafka in {broker.base} was made {was} --secure; start it so, or remove "
                            "the directory to begin anew")  # fmt: skip
    if not secure:
        return ""
    if not formatted:
        broker.admin_password_file.write_text(secrets.token_urlsafe(24))
        broker.admin_password_file.chmod(0o600)
    return broker.admin_password_file.read_text().strip()


def cluster_id(broker: Broker) -> str:
    """The id every node is formatted with, kept so that a node whose disk is lost joins again."""
    kept = broker.base / "cluster-id"
    if not kept.exists():
        kept.write_text(new_cluster_id())
    return kept.read_text().strip()


def new_cluster_id() -> str:
    """A random cluster id as Kafka makes them: URL-safe base64 of a UUID (1.5% of them begin with -)."""
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
