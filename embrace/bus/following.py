"""Following a compacted state topic on Kafka: every worker reads all of it, from the beginning.

A consumer group would split the partitions among the workers, and each would know only some tenants'
areas. A follower belongs to no group: it is assigned every partition, starts at the earliest offset
(compaction keeps each key's latest value), and keeps reading for as long as the worker runs.
"""

from __future__ import annotations

import threading
from typing import Any, Self

from kafka import KafkaConsumer, TopicPartition

from embrace.bus.background import Background
from embrace.bus.kafka_connection import BROKER_FAILURES, KafkaConnection, access
from embrace.bus.processing import follow
from embrace.bus.stages import Follow
from embrace.errors import StoreUnavailable
from embrace.record import Record


class TopicFollower(Background):
    EXPECTED = BROKER_FAILURES

    def __init__(self, stage: Follow[Any], kafka: KafkaConnection | str, namespace: str = "") -> None:
        # Read again from the beginning (applying a state topic twice changes nothing) once it answers.
        super().__init__(f"follow-{stage.name}", f"{stage.name} lost its state topic; reading it again")
        self.stage = stage
        self._kafka = access(kafka)
        self._namespace = namespace
        self._caught_up = threading.Event()

    def start(self, timeout: float = 60.0) -> Self:
        """Start reading, and return once everything already on the topic has been applied."""
        super().start()
        if not self._caught_up.wait(timeout):
            raise StoreUnavailable(
                f"{self.stage.name}: could not read its state topic within {timeout:.0f} s"
            )
        return self

    def work(self) -> None:
        consumer = KafkaConsumer(
            **self._kafka.client_options(), group_id=None, enable_auto_commit=False,
            key_deserializer=None, value_deserializer=None, client_id=f"embrace-{self.stage.name}",
        )  # fmt: skip
        try:
            partitions = [
                TopicPartition(self._namespace + topic.name, p)
                for topic in self.stage.sources
                for p in sorted(consumer.partitions_for_topic(self._namespace + topic.name) or ())
            ]
            consumer.assign(partitions)
            consumer.seek_to_beginning(*partitions)
            ends = consumer.end_offsets(partitions)
            while not self.stopping.is_set():
                for part, messages in consumer.poll(timeout_ms=500).items():
                    for m in messages:
                        topic = part.topic.removeprefix(self._namespace)
                        follow(self.stage, Record(topic, m.key, m.value, part.partition, m.offset))
                if not self._caught_up.is_set() and all(consumer.position(p) >= ends[p] for p in partitions):
                    self._caught_up.set()
        finally:
            consumer.close()
