"""Consuming a family of topics (every integrator's inbox) by pattern on Kafka, with kafka-python.

faust-streaming cannot subscribe by pattern, so the faust runner hands a transform's family sources to
this consumer. It is in the worker's consumer group (its own group id, so a rebalance of one does not
stop the other), finds a new topic of the family within ``refresh_seconds`` without a restart, and is
at-least-once like the agents: what a batch made is published and acknowledged before its offsets are
committed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kafka import KafkaConsumer

from embrace.bus.background import Background
from embrace.bus.kafka_connection import BROKER_FAILURES, SESSION_SECONDS, KafkaConnection
from embrace.bus.metrics import BusMetrics
from embrace.bus.processing import Clock, run_transform
from embrace.bus.publishing import Publisher
from embrace.bus.stages import Transform
from embrace.record import Record


class PatternConsumer(Background):
    EXPECTED = BROKER_FAILURES
    STOP_SECONDS = 15.0

    def __init__(
        self,
        stage: Transform[Any],
        kafka: KafkaConnection,
        group: str,
        publisher: Callable[[], Publisher],
        metrics: BusMetrics,
        clock: Clock,
        *,
        namespace: str = "",
        refresh_seconds: float = 5.0,
    ) -> None:
        self.stage = stage
        self.group = group
        self._kafka, self._publisher, self._metrics, self._clock = kafka, publisher, metrics, clock
        self._namespace, self._refresh = namespace, refresh_seconds
        families = [t.pattern for t in stage.sources if t.pattern]
        self.pattern = f"^{re.escape(namespace)}(?:{'|'.join(families)})$"
        super().__init__(f"pattern-{stage.name}", f"{stage.name}: consuming {self.pattern} failed; again")

    def work(self) -> None:
        consumer = KafkaConsumer(
            **self._kafka.client_options(), group_id=self.group, client_id=self.group,
            enable_auto_commit=False, auto_offset_reset="earliest",
            metadata_max_age_ms=int(self._refresh * 1000), max_poll_records=self.stage.batch_size,
            session_timeout_ms=int(SESSION_SECONDS * 1000),
        )  # fmt: skip
        publisher = self._publisher()
        try:
            consumer.subscribe(pattern=self.pattern)
            while not self.stopping.is_set():
                polled = consumer.poll(timeout_ms=500)
                records = [
                    Record(part.topic.removeprefix(self._namespace), m.key, m.value, part.partition, m.offset)
                    for part, messages in polled.items()
                    for m in messages
                ]
                if not records:
                    continue
                with self._metrics.seconds.labels(self.stage.name).time():
                    out, outcomes = run_transform(self.stage, records, self._clock)
                publisher.publish(out)
                consumer.commit()
                self._metrics.count_emitted(self.stage.name, out)
                for outcome in outcomes:
                    self._metrics.messages.labels(self.stage.name, outcome).inc()
        finally:
            publisher.close()
            consumer.close(timeout_ms=5000)  # leaving the group waits behind a join still pending
