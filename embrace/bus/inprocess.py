"""The embedded runner: an ordered, synchronous bus inside one process.

Every record is handled by each stage subscribed to its topic; what transforms emit is handled in turn,
breadth first, until nothing is left. Sinks collect what is addressed to them during one delivery and
write it in batches at the end, so one report of many incidents is one warehouse insert.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from embrace.bus.metrics import BusMetrics
from embrace.bus.processing import Clock, decode_batch, run_transform, utc_now
from embrace.bus.publishing import DeliveryFailed, backoff
from embrace.bus.record import Record
from embrace.bus.sinking import StoreDown, write_isolating
from embrace.bus.stages import Sink, Stage, Transform

log = logging.getLogger(__name__)


class InProcessBus:
    def __init__(
        self,
        stages: Iterable[Stage],
        metrics: BusMetrics,
        *,
        clock: Clock = utc_now,
        sink_attempts: int = 5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._subscribers: dict[str, list[Stage]] = defaultdict(list)
        for stage in stages:
            for topic in stage.sources:
                self._subscribers[topic.name].append(stage)
        self._metrics = metrics
        self._clock = clock
        self._sink_attempts = sink_attempts
        self._sleep = sleep
        self._offsets: dict[str, int] = defaultdict(int)
        # One delivery at a time: stages see records in publication order, as on one Kafka partition.
        self._lock = threading.Lock()

    def publish(self, records: Sequence[Record]) -> None:
        """Run every stage the records reach; raise :class:`DeliveryFailed` while a store stays down.

        Bad records never fail the delivery: they become dead letters and the rest goes on."""
        with self._lock:
            queue = deque(self._numbered(r) for r in records)
            pending: dict[Sink[Any], list[Record]] = defaultdict(list)
            while queue or pending:
                while queue:
                    record = queue.popleft()
                    self._metrics.published.labels(record.topic).inc()
                    for stage in self._subscribers.get(record.topic, ()):
                        if isinstance(stage, Transform):
                            queue.extend(self._numbered(r) for r in self._transform(stage, record))
                        else:
                            pending[stage].append(record)
                batches, pending = pending, defaultdict(list)
                for sink, batch in batches.items():
                    queue.extend(self._numbered(r) for r in self._sink(sink, batch))

    def close(self) -> None:
        """Nothing is buffered between deliveries, so there is nothing to flush."""

    def _numbered(self, record: Record) -> Record:
        # In-process "offsets" make dead letters point at the n-th record of a topic, as on Kafka.
        offset = self._offsets[record.topic]
        self._offsets[record.topic] = offset + 1
        return Record(record.topic, record.key, record.value, 0, offset)

    def _transform(self, stage: Transform[Any], record: Record) -> list[Record]:
        with self._metrics.seconds.labels(stage.name).time():
            out, outcome = run_transform(stage, record, self._clock)
        self._metrics.messages.labels(stage.name, outcome).inc()
        return out

    def _sink(self, sink: Sink[Any], records: list[Record]) -> list[Record]:
        pairs, letters = decode_batch(sink, records, self._clock)
        self._metrics.messages.labels(sink.name, "invalid").inc(len(letters))
        for start in range(0, len(pairs), sink.batch_size):
            batch = pairs[start : start + sink.batch_size]
            refused = self._write(sink, batch)
            self._metrics.messages.labels(sink.name, "store_refused").inc(len(refused))
            self._metrics.messages.labels(sink.name, "ok").inc(len(batch) - len(refused))
            letters += refused
        return letters

    def _write(self, sink: Sink[Any], batch: list[tuple[Record, Any]]) -> list[Record]:
        delays = backoff()
        attempts = 1
        while True:
            try:
                with self._metrics.seconds.labels(sink.name).time():
                    return write_isolating(sink, batch, self._clock)
            except StoreDown as exc:
                if attempts == self._sink_attempts:
                    raise DeliveryFailed(str(exc)) from exc
                attempts += 1
                self._metrics.sink_retries.labels(sink.name).inc()
                log.warning("%s; retrying", exc)
                self._sleep(next(delays))
