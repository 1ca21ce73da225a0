"""Prometheus metrics of the runners, registered on a registry the composition root hands in."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


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
        self.published = Counter(
            "embrace_bus_published",
            "Records handed to the bus, by topic.",
            ["topic"],
            registry=registry,
        )
