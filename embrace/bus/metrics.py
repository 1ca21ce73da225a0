"""Prometheus metrics of the runners, registered on a registry the composition root hands in."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class BusMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.messages = Counter(
            "embrace_stage_messages",
            "Messages a stage consumed, by outcome (ok, dead_letter).",
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
        self.published = Counter(
            "embrace_bus_published",
            "Records handed to the bus, by topic.",
            ["topic"],
            registry=registry,
        )
