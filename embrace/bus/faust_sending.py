"""How the Kafka runner's agents put records on the bus: straight onto faust's producer.

A faust topic's ``send`` wraps each record in faust's own message, future and sensor calls before it
reaches the same producer, and only logs a record the producer gave up on. Here a record goes to the
producer as it is, and one given up on is counted for an alert (:meth:`FaustSender.delivered`). Faust
flushes this producer, waiting for every record handed to it, before it commits the offsets of the
inputs, so a crash replays input and never skips it."""

from __future__ import annotations

import asyncio
import logging
from functools import partial
from typing import Any

import faust

from embrace.bus.metrics import BusMetrics
from embrace.record import Record

log = logging.getLogger(__name__)


class FaustSender:
    def __init__(self, app: faust.App, metrics: BusMetrics, namespace: str = "") -> None:
        self._app = app
        self._metrics = metrics
        self._namespace = namespace  # topics keep their logical names inside the platform

    async def __call__(self, record: Record) -> None:
        producer = await self._app.maybe_start_producer()
        name = self._namespace + record.topic
        delivery = await producer.send(name, record.key, record.value, None, None, None)
        delivery.add_done_callback(partial(self.delivered, record))

    def delivered(self, record: Record, delivery: asyncio.Future[Any]) -> None:
        """The producer gives up on a record only after its retries (faust's request timeout, 20 min
        by default) or on an error no retry mends: say which record, and count it for the alert."""
        if delivery.cancelled() or delivery.exception() is None:
            return
        self._metrics.undelivered.labels(record.topic).inc()
        log.error("could not publish a record to %s (key %r): %s",
                  record.topic, record.key, delivery.exception())  # fmt: skip
