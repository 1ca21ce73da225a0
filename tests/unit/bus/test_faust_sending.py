"""What the Kafka runner does when its producer gives up on a record (the sending itself runs on a real
broker in tests/integration)."""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiokafka.errors import TopicAuthorizationFailedError
from prometheus_client import CollectorRegistry

from embrace.bus.faust_app import create_app
from embrace.bus.faust_sending import FaustSender
from embrace.bus.metrics import BusMetrics
from embrace.record import Record

RECORD = Record("embrace.reports-enriched.v1", b"report-1", b"{}")


def undelivered(registry: CollectorRegistry) -> float | None:
    return registry.get_sample_value("embrace_bus_undelivered_total", {"topic": RECORD.topic})


def settled(outcome: BaseException | None) -> asyncio.Future[None]:
    delivery: asyncio.Future[None] = asyncio.new_event_loop().create_future()
    if outcome is None:
        delivery.set_result(None)
    else:
        delivery.set_exception(outcome)
    return delivery


def sender() -> tuple[FaustSender, CollectorRegistry]:
    registry = CollectorRegistry()
    return FaustSender(create_app("test-sending", "localhost:9092"), BusMetrics(registry)), registry


def test_a_record_the_producer_gave_up_on_is_counted_and_logged_by_topic_and_key(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sending, registry = sender()
    with caplog.at_level(logging.ERROR):
        sending.delivered(RECORD, settled(TopicAuthorizationFailedError("not allowed")))
    assert undelivered(registry) == 1
    assert "embrace.reports-enriched.v1 (key b'report-1')" in caplog.text
    assert "not allowed" in caplog.text


def test_a_delivered_record_counts_nothing(caplog: pytest.LogCaptureFixture) -> None:
    sending, registry = sender()
    sending.delivered(RECORD, settled(None))
    assert undelivered(registry) is None  # nothing counted (the runner makes each series at 0)
    assert caplog.text == ""
