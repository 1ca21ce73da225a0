"""Every producer of the platform waits for all in-sync replicas: the publisher of the outbox relay,
the imports and the inboxes' consumer (kafka-python, idempotent as well), and faust's agents."""

from __future__ import annotations

from typing import Any

import pytest

from embrace.bus import kafka_producer
from embrace.bus.faust_app import create_app
from embrace.bus.kafka_producer import KafkaPublisher


def test_the_publisher_asks_every_in_sync_replica_and_is_idempotent(monkeypatch: pytest.MonkeyPatch) -> None:
    made: dict[str, Any] = {}

    class Recorded:
        def __init__(self, **options: Any) -> None:
            made.update(options)

    monkeypatch.setattr(kafka_producer, "KafkaProducer", Recorded)
    KafkaPublisher("127.0.0.1:9", "test")
    assert (made["acks"], made["enable_idempotence"]) == ("all", True)


def test_faust_agents_produce_with_acks_from_all_in_sync_replicas() -> None:
    app = create_app("durability-test", "127.0.0.1:9")
    assert app.conf.producer_acks == -1
