"""How the Kafka runner's agents finish a batch: a sink's write tried again until the store takes it,
and the batch acknowledged once it is done, and only then."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import MutableMapping
from typing import Any

from embrace.bus.metrics import BusMetrics
from embrace.bus.processing import Clock
from embrace.bus.publishing import backoff
from embrace.bus.sinking import Stored, StoreDown, write_isolating
from embrace.bus.stages import Sink
from embrace.record import Record

log = logging.getLogger(__name__)


async def write_until_done(
    stage: Sink[Any],
    pairs: list[tuple[Record, Any]],
    clock: Clock,
    metrics: BusMetrics,
    unwritten_since: MutableMapping[str, float],
) -> Stored:
    """Write the batch; return what it emitted and dead letters of rows the store refused as bad data.

    While the store is down the partition waits (``unwritten_since`` holds when the stage began to), and
    a crash meanwhile replays the batch. Nothing good is dropped, and nothing bad holds the rest back.
    """
    if not pairs:
        return Stored()
    loop = asyncio.get_running_loop()
    delays = backoff(maximum=10.0)
    unwritten_since[stage.name] = time.monotonic()
    try:
        while True:
            try:
                with metrics.seconds.labels(stage.name).time():
                    return await loop.run_in_executor(None, write_isolating, stage, pairs, clock)
            except StoreDown as exc:
                metrics.sink_retries.labels(stage.name).inc()
                log.warning("%s; retrying", exc)
                await asyncio.sleep(next(delays))
    finally:
        del unwritten_since[stage.name]


async def acknowledge(stream: Any, events: list[Any]) -> None:
    """Acknowledge a batch once it is done, and only then: faust commits what is acknowledged, so a batch
    cut short (the worker stopping, the agent failing) is read again by whoever reads the partition next.
    Faust's own ``take_events`` acknowledges a batch however its body ends."""
    for event in events:
        await stream.ack(event)
