"""Where a worker's consumer group stands, as Kafka keeps it: on each topic its agents read, the offsets
the group committed beside where the logs end.

A worker's own lag (``embrace_consumer_lag``) counts from what its consumer fetched, and sees nothing of
a partition it has stopped fetching. Kafka's committed offsets show every kind of stop: a group that
stands still behind the end of a topic for minutes has stopped there, whatever stopped it
(``EmbraceGroupStuck`` in deploy/prometheus/rules.yml). Every worker of a group tells the same figures;
the alert takes the largest. A partition the group never committed on counts from where its log begins.
"""

from __future__ import annotations

from collections.abc import Iterable

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

from embrace.bus.background import Background
from embrace.bus.kafka_connection import BROKER_FAILURES, KafkaConnection
from embrace.bus.metrics import BusMetrics

EVERY_SECONDS = 30.0


class GroupWatch(Background):
    EXPECTED = BROKER_FAILURES

    def __init__(
        self, kafka: KafkaConnection, group: str, topics: Iterable[str], metrics: BusMetrics,
        *, namespace: str = "", every_seconds: float = EVERY_SECONDS,
    ) -> None:  # fmt: skip
        """``group`` and ``topics`` as Kafka names them; the metrics name topics as the platform does."""
        super().__init__(f"watch-{group}", f"could not tell where {group} stands; asking again")
        self.group, self.topics = group, sorted(topics)
        self._kafka, self._metrics, self._namespace, self._every = kafka, metrics, namespace, every_seconds

    def work(self) -> None:
        admin = KafkaAdminClient(**self._kafka.client_options())
        consumer = KafkaConsumer(**self._kafka.client_options(), group_id=None, enable_auto_commit=False)
        try:
            while not self.stopping.is_set():
                self.look(admin, consumer)
                self.stopping.wait(self._every)
        finally:
            consumer.close()
            admin.close()

    def look(self, admin: KafkaAdminClient, consumer: KafkaConsumer) -> dict[str, tuple[int, int]]:
        """Set and return, by topic, the offsets the group committed and the ends, each summed over the
        topic's partitions."""
        committed = admin.list_group_offsets({self.group: None}).get(self.group, {})
        partitions = [
            TopicPartition(t, p) for t in self.topics for p in consumer.partitions_for_topic(t) or ()
        ]
        never = [tp for tp in partitions if tp not in committed]
        starts = consumer.beginning_offsets(never) if never else {}
        ends = consumer.end_offsets(partitions)
        stands: dict[str, tuple[int, int]] = {}
        for tp in partitions:
            at = committed[tp].offset if tp in committed else starts[tp]
            done, end = stands.get(tp.topic, (0, 0))
            stands[tp.topic] = (done + at, end + ends[tp])
        for topic, (done, end) in stands.items():
            name = topic.removeprefix(self._namespace)
            self._metrics.group_committed.labels(self.group, name).set(done)
            self._metrics.group_end.labels(self.group, name).set(end)
        return stands
