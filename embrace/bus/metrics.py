"""Prometheus metrics of the runners, registered on a registry the composition root hands in."""

from __future__ import annotations

import gc
from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.gc_collector import GCCollector

from embrace.bus.record import Record


class BusMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.messages = Counter(
            "embrace_stage_messages",
            "Messages a stage consumed, by outcome: ok, or why it became a dead letter "
            "(invalid, rejected, stage_error, store_refused).",
            ["stage", "outcome"],
            registry=registry,
        )
        self.seconds = Histogram(
            "embrace_stage_seconds",
            "Time a stage spent on one message or one sink batch.",
            ["stage"],
            registry=registry,
        )
        self.sink_retries = Counter(
            "embrace_sink_retries",
            "Sink batches retried after a failure (the store was unreachable or refused).",
            ["stage"],
            registry=registry,
        )
        self.unwritten_seconds = Gauge(
            "embrace_sink_unwritten_seconds",
            "How long a sink has held records it could not write yet (0: none waiting).",
            ["stage"],
            registry=registry,
        )
        self.emitted = Counter(
            "embrace_stage_emitted",
            "Records a stage put on the bus, by topic: its outputs, dead letters, alerts a sink raised.",
            ["stage", "topic"],
            registry=registry,
        )
        self.batch_rows = Histogram(
            "embrace_sink_batch_rows",
            "Messages in one sink batch.",
            ["stage"],
            registry=registry,
            buckets=(1, 10, 50, 100, 250, 500, 1000, 2500, 5000),
        )
        self.lag = Gauge(
            "embrace_consumer_lag",
            "Records on a Kafka partition a worker has not consumed yet, by topic.",
            ["group", "topic"],
            registry=registry,
        )
        self.published = Counter(
            "embrace_bus_published",
            "Records handed to the bus, by topic.",
            ["topic"],
            registry=registry,
        )
        # The collector's own work (python_gc_*), and whether start-up's objects are out of its walks.
        GCCollector(registry=registry)
        self.frozen = Gauge(
            "embrace_heap_frozen_objects",
            "Objects start-up made that the garbage collector no longer walks (see embrace/bus/heap.py).",
            registry=registry,
        )
        self.frozen.set_function(lambda: float(gc.get_freeze_count()))

    def count_emitted(self, stage: str, records: Iterable[Record]) -> None:
        for record in records:
            self.emitted.labels(stage, record.topic).inc()
