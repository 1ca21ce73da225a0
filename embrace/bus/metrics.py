"""Prometheus metrics of the runners, registered on a registry the composition root hands in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.gc_collector import GCCollector

from embrace.bus.garbage_collector import frozen_objects
from embrace.record import Record

HELP = {
    "embrace_stage_messages": "Messages a stage consumed, by outcome: ok, or why it became a dead letter "
    "(invalid, rejected, stage_error, store_refused).",
    "embrace_stage_seconds": "Time a stage spent on one message or one sink batch.",
    "embrace_sink_retries": "Sink batches retried after a failure (the store was unreachable or refused).",
    "embrace_sink_unwritten_seconds": "How long a sink has held records it could not write yet (0: none).",
    "embrace_stage_emitted": "Records a stage put on the bus, by topic: its outputs, dead letters, alerts "
    "a sink raised.",
    "embrace_sink_batch_rows": "Messages in one sink batch.",
    "embrace_consumer_lag": "Records on a Kafka partition a worker has not consumed yet, by topic.",
    "embrace_bus_published": "Records handed to the bus, by topic.",
    "embrace_bus_undelivered": "Records a worker's producer gave up publishing, by topic: lost unless "
    "their inputs are replayed.",
    "embrace_group_committed": "Offsets a worker's consumer group committed, summed over a topic's "
    "partitions (where a log begins, where it never committed), as Kafka keeps them (bus/group_watch.py).",
    "embrace_group_end": "Where the logs of a topic a consumer group reads end, summed over its partitions.",
    "embrace_partition_rereads": "Times a worker read a partition again from its committed offset, by topic: "
    "its stream had passed over the message there (bus/faust_rereading.py).",
    "embrace_heap_frozen_objects": "Objects start-up made that the garbage collector no longer walks "
    "(bus/garbage_collector.py).",
}
BATCH_ROWS = (1, 10, 50, 100, 250, 500, 1000, 2500, 5000)


class BusMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        def made(kind: type[Any], name: str, labels: list[str], **more: Any) -> Any:
            return kind(name, HELP[name], labels, registry=registry, **more)

        self.messages: Counter = made(Counter, "embrace_stage_messages", ["stage", "outcome"])
        self.seconds: Histogram = made(Histogram, "embrace_stage_seconds", ["stage"])
        self.sink_retries: Counter = made(Counter, "embrace_sink_retries", ["stage"])
        self.unwritten_seconds: Gauge = made(Gauge, "embrace_sink_unwritten_seconds", ["stage"])
        self.emitted: Counter = made(Counter, "embrace_stage_emitted", ["stage", "topic"])
        self.batch_rows: Histogram = made(Histogram, "embrace_sink_batch_rows", ["stage"], buckets=BATCH_ROWS)
        self.lag: Gauge = made(Gauge, "embrace_consumer_lag", ["group", "topic"])
        self.published: Counter = made(Counter, "embrace_bus_published", ["topic"])
        self.undelivered: Counter = made(Counter, "embrace_bus_undelivered", ["topic"])
        self.rereads: Counter = made(Counter, "embrace_partition_rereads", ["topic"])
        self.group_committed: Gauge = made(Gauge, "embrace_group_committed", ["group", "topic"])
        self.group_end: Gauge = made(Gauge, "embrace_group_end", ["group", "topic"])
        # The collector's own work (python_gc_*), and whether start-up's objects are out of its walks.
        GCCollector(registry=registry)
        self.frozen: Gauge = made(Gauge, "embrace_heap_frozen_objects", [])
        self.frozen.set_function(lambda: float(frozen_objects()))

    def count_sink_batch(self, stage: str, decoded: int, invalid: int, refused: int,
                         emitted: list[Record]) -> None:  # fmt: skip
        """A sink batch once written, as both runners count it: its messages' outcomes and what it
        emitted (its size is observed before it is written, so a batch being written is seen)."""
        self.count_emitted(stage, emitted)
        self.messages.labels(stage, "invalid").inc(invalid)
        self.messages.labels(stage, "store_refused").inc(refused)
        self.messages.labels(stage, "ok").inc(decoded - refused)

    def count_emitted(self, stage: str, records: Iterable[Record]) -> None:
        for record in records:
            self.emitted.labels(stage, record.topic).inc()
