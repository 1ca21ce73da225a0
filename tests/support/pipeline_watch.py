"""How a test watches a pipeline on Kafka: its workers' metrics (messages handled, the outbox's backlog),
which members of a consumer group hold partitions and what it committed, how the count rises, what a
topic holds, and the dead letters of a stage."""

from __future__ import annotations

import re
import threading
import time
import urllib.request
from http.client import HTTPException
from itertools import pairwise
from typing import Any
from uuid import UUID

from kafka import KafkaAdminClient, KafkaConsumer
from kafka.errors import KafkaError

from embrace.bus.kafka_connection import KafkaConnection
from embrace.contracts import DeadLetter
from embrace.topics import dead_letters
from tests.support.kafka_pipeline import KafkaPipeline
from tests.support.pipeline_traffic import counted

AGGREGATE_DOWN = (OSError, ValueError, HTTPException)  # what asking for the count meets while it restarts


def holders(access: KafkaConnection, group: str) -> int:
    """How many members of a consumer group hold partitions (none while the cluster has no coordinator for
    it yet, as a new cluster's first seconds)."""
    admin = KafkaAdminClient(**access.client_options())
    try:
        described = admin.describe_groups([group])[group]
    except KafkaError as exc:
        if not exc.retriable:
            raise
        return 0
    finally:
        admin.close()
    members = described.get("members", []) if described.get("group_state") == "Stable" else []
    return sum(1 for m in members if (m.get("member_assignment") or {}).get("assigned_partitions"))


def committed(bootstrap: str, group: str, topic: str) -> int:
    """The offsets a consumer group has committed on a topic, summed over its partitions."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        offsets = admin.list_group_offsets([group]).get(group, {})
        return sum(at.offset for tp, at in offsets.items() if tp.topic == topic)
    finally:
        admin.close()


def handled(pipeline: KafkaPipeline, worker: str) -> float:
    """The messages a worker's stages have handled so far, by its metrics."""
    return summed(pipeline, worker, "embrace_stage_messages_total")


def summed(pipeline: KafkaPipeline, worker: str, metric: str) -> float:
    """A worker's metric, summed over its labels."""
    with urllib.request.urlopen(pipeline.url(worker, "/metrics"), timeout=10) as response:
        text = response.read().decode()
    counts = re.findall(rf"^{metric}\{{.*\}} (\S+)$", text, re.MULTILINE)
    return sum(float(count) for count in counts)


class Progress:
    """The count seen every half second, to find the longest time it stood still while work was due."""

    def __init__(self, pipeline: KafkaPipeline, key: str, expected: int) -> None:
        self.seen: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(pipeline, key, expected), daemon=True)
        self._thread.start()

    def _watch(self, pipeline: KafkaPipeline, key: str, expected: int) -> None:
        while not self._stop.wait(0.5):
            try:
                self.seen.append((time.monotonic(), counted(pipeline, key)))
            except AGGREGATE_DOWN:
                continue
            if self.seen[-1][1] >= expected:
                return

    def longest_stall(self) -> float:
        self._stop.set()
        self._thread.join()
        rises = [t for (_, before), (t, n) in pairwise(self.seen) if n > before]
        marks = [self.seen[0][0], *rises]
        return max((b - a for a, b in pairwise(marks)), default=0.0)


def dead(access: KafkaConnection, namespace: str, count: int) -> dict[UUID, DeadLetter]:
    """The dead letters of enrich by id, once ``count`` are there (or after 30 s). The topic is written
    at least once: a worker killed before it committed its offsets leaves its successor to read those
    messages again, and their letters are sent again with the same id, which the warehouse keeps once.
    A letter seen twice must be the same letter."""
    consumer = KafkaConsumer(namespace + dead_letters("enrich-reports").name, **access.client_options(),
                             auto_offset_reset="earliest")  # fmt: skip
    found: dict[UUID, DeadLetter] = {}
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline and len(found) < count:
            keep_letters(found, consumer.poll(timeout_ms=1000))
        keep_letters(found, consumer.poll(timeout_ms=1000))
    finally:
        consumer.close()
    return found


def keep_letters(found: dict[UUID, DeadLetter], batches: dict[Any, list[Any]]) -> None:
    for letter in (DeadLetter.model_validate_json(m.value) for batch in batches.values() for m in batch):
        earlier = found.setdefault(letter.event_id, letter)
        assert (earlier.original, earlier.offset) == (letter.original, letter.offset)


def read_topic(bootstrap: str, topic: str, expected: int, *, quiet: float = 2.0) -> list[bytes]:
    """Every message of ``topic`` from its start: once ``expected`` have come, until ``quiet`` seconds pass
    with no more (a message published twice comes with the first), or for 60 s at most."""
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    found: list[bytes] = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            batches = consumer.poll(timeout_ms=int(quiet * 1000))
            found.extend(m.value for batch in batches.values() for m in batch)
            if not batches and len(found) >= expected:
                break
    finally:
        consumer.close()
    return found


def backlog(pipeline: KafkaPipeline) -> float:
    with urllib.request.urlopen(pipeline.url("ingest", "/metrics"), timeout=10) as response:
        found = re.search(r"^embrace_outbox_backlog (\S+)$", response.read().decode(), re.MULTILINE)
    return float(found.group(1)) if found else -1.0
