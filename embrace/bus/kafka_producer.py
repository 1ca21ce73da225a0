"""Publishing to Kafka with kafka-python: acks from all in-sync replicas, idempotent producer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kafka import KafkaProducer
from kafka.errors import CorruptRecordError, InvalidRecordError, KafkaError, MessageSizeTooLargeError

from embrace.bus.kafka_connection import KafkaConnection, access
from embrace.bus.publishing import DeliveryFailed, RecordsRefused
from embrace.errors import StoreUnavailable
from embrace.record import Record

# What Kafka says of the record itself. Anything else (a broker down, a missing ACL) is about the
# connection or the deployment, and the records are kept to try again.
_REFUSED_FOR_GOOD = (MessageSizeTooLargeError, InvalidRecordError, CorruptRecordError)
# Records go to a partition in batches of up to this many bytes. kafka-python's 16 KiB default split a
# thousand reports into about a hundred batches: publishing them took 48-50 ms of CPU, 20-22 ms at 256 KiB
# (a quarter of the broker's 1 MiB limit on a batch).
BATCH_BYTES = 256 * 1024


class KafkaPublisher:
    def __init__(
        self,
        kafka: KafkaConnection | str,
        client_id: str,
        *,
        namespace: str = "",
        timeout_seconds: float = 15.0,
    ) -> None:
        kafka = access(kafka)
        self._timeout = timeout_seconds
        self._namespace = namespace
        try:
            self._producer = KafkaProducer(
                **kafka.client_options(),
                client_id=client_id,
                acks="all",
                enable_idempotence=True,
                linger_ms=5,
                batch_size=BATCH_BYTES,
                max_block_ms=int(timeout_seconds * 1000),
                request_timeout_ms=int(timeout_seconds * 1000),
                delivery_timeout_ms=int(timeout_seconds * 2000),
                bootstrap_timeout_ms=int(timeout_seconds * 1000),
            )
        except KafkaError:
            raise StoreUnavailable(f"no Kafka broker answers at {kafka.bootstrap}") from None

    def publish(self, records: Sequence[Record]) -> None:
        # A record Kafka refuses for good (too large, invalid) must not hold back the others: each one's
        # fate is read separately; only a failure that may pass (broker down, timeout) fails them all.
        refused: dict[int, str] = {}
        futures: list[tuple[int, Any]] = []
        try:
            for position, r in enumerate(records):
                try:
                    futures.append(
                        (position, self._producer.send(self._namespace + r.topic, key=r.key, value=r.value))
                    )
                except _REFUSED_FOR_GOOD as exc:
                    refused[position] = f"{type(exc).__name__}: {exc}"
            self._producer.flush(timeout=self._timeout)
            for position, future in futures:
                try:
                    future.get(timeout=self._timeout)
                except _REFUSED_FOR_GOOD as exc:
                    refused[position] = f"{type(exc).__name__}: {exc}"
        except KafkaError as exc:
            raise DeliveryFailed(f"Kafka did not accept {len(records)} records: {exc}") from exc
        if refused:
            raise RecordsRefused(refused)

    def close(self) -> None:
        self._producer.close(timeout=self._timeout)
