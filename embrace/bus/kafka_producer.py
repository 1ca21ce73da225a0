"""Publishing to Kafka with kafka-python: acks from all in-sync replicas, idempotent producer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kafka import KafkaProducer
from kafka.errors import KafkaError

from embrace.bus.processing import Record
from embrace.bus.publishing import DeliveryFailed
from embrace.errors import StoreUnavailable


class KafkaPublisher:
    def __init__(
        self, bootstrap: str, client_id: str, *, namespace: str = "", timeout_seconds: float = 15.0
    ) -> None:
        self._timeout = timeout_seconds
        self._namespace = namespace
        try:
            self._producer = KafkaProducer(
                bootstrap_servers=[s.strip() for s in bootstrap.split(",") if s.strip()],
                client_id=client_id,
                acks="all",
                enable_idempotence=True,
                linger_ms=5,
                max_block_ms=int(timeout_seconds * 1000),
                request_timeout_ms=int(timeout_seconds * 1000),
                delivery_timeout_ms=int(timeout_seconds * 2000),
                bootstrap_timeout_ms=int(timeout_seconds * 1000),
            )
        except KafkaError:
            raise StoreUnavailable(f"no Kafka broker answers at {bootstrap}") from None

    def publish(self, records: Sequence[Record]) -> None:
        try:
            futures: list[Any] = [
                self._producer.send(self._namespace + r.topic, key=r.key, value=r.value) for r in records
            ]
            self._producer.flush(timeout=self._timeout)
            for future in futures:
                future.get(timeout=self._timeout)
        except KafkaError as exc:
            raise DeliveryFailed(f"Kafka did not accept {len(records)} records: {exc}") from exc

    def close(self) -> None:
        self._producer.close(timeout=self._timeout)
