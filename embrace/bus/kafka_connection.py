"""How every Kafka client of the platform reaches the brokers: addresses, and the credentials of the
service's own principal (SASL/SCRAM, over TLS when a CA is given). One place, for kafka-python and faust."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ssl
from dataclasses import dataclass, field
from typing import Any

from kafka.errors import KafkaError

MECHANISM = "SCRAM-SHA-512"
# A consumer group's member that dies without leaving loses its partitions after SESSION_SECONDS, not the
# clients' default 45 s or faust's minute; a rebalance waits REBALANCE_SECONDS at most for the members.
SESSION_SECONDS = 10.0
REBALANCE_SECONDS = 20.0
# What kafka-python raises when a broker is gone or a coordinator moves: the clients beside the agents
# retry it, and tell it in one line (Background.EXPECTED).
BROKER_FAILURES: tuple[type[Exception], ...] = (KafkaError,)


@dataclass(frozen=True)
class KafkaConnection:
    bootstrap: str
    username: str = ""
    password: str = field(default="", repr=False)
    ca_file: str = ""  # TLS to the brokers, verified against this CA (SASL_SSL); empty: no TLS

    @property
    def servers(self) -> list[str]:
        return [s.strip() for s in self.bootstrap.split(",") if s.strip()]

    @property
    def protocol(self) -> str:
        tls = "SSL" if self.ca_file else "PLAINTEXT"
        return f"SASL_{tls}" if self.username else tls

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments of kafka-python's producer, consumer and admin client."""
        options: dict[str, Any] = {"bootstrap_servers": self.servers, "security_protocol": self.protocol}
        if self.username:
            options |= {"sasl_mechanism": MECHANISM, "sasl_plain_username": self.username,
                        "sasl_plain_password": self.password}  # fmt: skip
        if self.ca_file:
            options["ssl_cafile"] = self.ca_file
        return options

    def faust_options(self) -> dict[str, Any]:
        """The broker and its credentials, as faust's app settings."""
        options: dict[str, Any] = {"broker": ";".join(f"kafka://{s}" for s in self.servers)}
        if self.username:
            from faust.auth import SASLCredentials  # faust only where a faust app is made

            context = ssl.create_default_context(cafile=self.ca_file) if self.ca_file else None
            options["broker_credentials"] = SASLCredentials(
                username=self.username, password=self.password, mechanism=MECHANISM, ssl_context=context
            )
        return options


def derived_password(secret: str, user: str) -> str:
    """A service principal's password: derived from one secret, so it is never stored."""
    digest = hmac.new(secret.encode(), f"kafka/{user}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def access(kafka: KafkaConnection | str) -> KafkaConnection:
    """A bare ``host:port,...`` is a broker without authentication (development, tests)."""
    return kafka if isinstance(kafka, KafkaConnection) else KafkaConnection(kafka)
