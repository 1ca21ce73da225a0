"""The embedded runner: an ordered, synchronous bus inside one process.

A delivery moves in waves: every stage gets the records of the wave addressed to it as one batch (state
followers first, so an area published beside an incident is known to it), and what the stages emit is
the next wave, until nothing is left. One relay batch of reports is one enrich batch, and its incidents
one warehouse insert. The ticks run once the delivery is done, so what they keep (the rollups) is up to
date when ``publish`` returns.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from embrace.bus.metrics import BusMetrics
from embrace.bus.processing import Clock, decode_batch, follow, run_transform, utc_now
from embrace.bus.publishing import DeliveryFailed, backoff
from embrace.bus.sinking import Stored, StoreDown, write_isolating
from embrace.bus.stages import Follow, Sink, Stage, Tick, Transform
from embrace.record import Record
from embrace.topic import Topic

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
        self._subscribers: dict[str, list[Transform[Any] | Sink[Any] | Follow[Any]]] = defaultdict(list)
        self._ticks: list[Tick] = []
        self._families: list[tuple[Topic[Any], Transform[Any] | Sink[Any] | Follow[Any]]] = []
        for stage in stages:
            if isinstance(stage, Tick):
                self._ticks.append(stage)
                continue
            for topic in stage.sources:
                if topic.pattern:
                    self._families.append((topic, stage))
                else:
                    self._subscribers[topic.name].append(stage)
        self._metrics = metrics
        self._clock = clock
        self._sink_attempts = sink_attempts
        self._sleep = sleep
        self._offsets: dict[str, int] = defaultdict(int)
        # One delivery at a time: stages see records in publication order, as on one Kafka partition.
        self._lock = threading.Lock()

    def _reached(self, topic: str) -> list[Transform[Any] | Sink[Any] | Follow[Any]]:
        family = [stage for t, stage in self._families if t.holds(topic)]
        return [*self._subscribers.get(topic, ()), *family]

    def publish(self, records: Sequence[Record]) -> None:
        """Run every stage the records reach; raise :class:`DeliveryFailed` while a store stays down.

        Bad records never fail the delivery: they become dead letters and the rest goes on."""
        with self._lock:
            wave = [self._numbered(r) for r in records]
            while wave:
                batches: dict[Transform[Any] | Sink[Any], list[Record]] = {}
                for record in wave:
                    self._metrics.published.labels(record.topic).inc()
                    for stage in self._reached(record.topic):
                        if isinstance(stage, Follow):
                            follow(stage, record)
                        else:
                            batches.setdefault(stage, []).append(record)
                emitted: list[Record] = []
                for stage, batch in batches.items():
                    run = self._transform if isinstance(stage, Transform) else self._sink
                    for start in range(0, len(batch), stage.batch_size):
                        emitted += run(stage, batch[start : start + stage.batch_size])  # type: ignore[arg-type]
                wave = [self._numbered(r) for r in emitted]
            for tick in self._ticks:
                self._tick(tick)

    def close(self) -> None:
        """Nothing is buffered between deliveries, so there is nothing to flush."""

    def _tick(self, tick: Tick) -> None:
        # The records are delivered; a tick that fails now (a store down) does its work next time.
        try:
            with self._metrics.seconds.labels(tick.name).time():
                tick.run()
        except Exception:
            log.exception("tick %s failed; it runs again after the next delivery", tick.name)

    def _numbered(self, record: Record) -> Record:
        # In-process "offsets" make dead letters point at the n-th record of a topic, as on Kafka.
        offset = self._offsets[record.topic]
        self._offsets[record.topic] = offset + 1
        return Record(record.topic, record.key, record.value, 0, offset)

    def _transform(self, stage: Transform[Any], batch: list[Record]) -> list[Record]:
        with self._metrics.seconds.labels(stage.name).time():
            out, outcomes = run_transform(stage, batch, self._clock)
        for outcome in outcomes:
            self._metrics.messages.labels(stage.name, outcome).inc()
        self._metrics.count_emitted(stage.name, out)
        return out

    def _sink(self, sink: Sink[Any], records: list[Record]) -> list[Record]:
        pairs, letters = decode_batch(sink, records, self._clock)
        self._metrics.batch_rows.labels(sink.name).observe(len(pairs))
        outcome = self._write(sink, pairs)
        self._metrics.count_sink_batch(sink.name, len(pairs), len(letters), len(outcome.refused),
                                       letters + outcome.records)  # fmt: skip
        return letters + outcome.records

    def _write(self, sink: Sink[Any], batch: list[tuple[Record, Any]]) -> Stored:
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
