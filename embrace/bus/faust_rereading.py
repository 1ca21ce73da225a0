"""A partition read again from its committed offset once its stream has passed over the message there.

On a contiguous topic the commits stop at a message that was not acknowledged (faust_offsets.py). Faust
reads a partition again from its committed offset only after a rebalance: until then a message its
stream passed over holds that partition's commits, and is not processed at all. A stream passes over a
message when an agent fails in the middle of a batch (faust restarts the agent, not the batch, and what
reached the failed agent meanwhile is lost with it). The broker-loss test's two shortfalls after the whole
cluster was down and back were consistent with it: commits held at a partition's committed offset, and
fewer reports missing than messages after it.

So the worker looks at its partitions every few seconds. A message is passed over when the agents have
taken later messages of its partition, and it is neither acknowledged, nor in a batch under way, nor in a
commit under way (faust takes a run out of the acknowledged as it begins to commit it). Once one
has been passed over for ``GRACE_SECONDS`` (a rebalance seeks to the committed offset by itself), the
partition is sought back to it: the stream reads the message again, and what follows it, which the
sinks absorb.

A partition is *left behind* when its log goes on past where its reading stands, its topic's agent has
nothing in hand, and nothing of it has been taken for ``STILL_SECONDS``. Partitions the group never
committed on were left so after a broker was lost, their messages dropped by faust in a rebalance and
passed over by its seek to the committed offsets; faust_offsets.py seeks those too, and this check
stays as the net for any other cause. A recovery cut short by another rebalance ("Recovery rebalancing
again") returns before resuming what it paused, so such a partition is resumed if paused, and sought to
where its reading stands. This holds for compacted topics too: the cleaner never touches a log's
active segment, which holds its last record, so a log that goes on past where the reading stands has a
record there to read. Both cases are logged and counted (``embrace_partition_rereads_total``).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import faust

from embrace.bus.faust_offsets import acknowledged, contiguous, read_topics
from embrace.bus.metrics import BusMetrics

log = logging.getLogger(__name__)
CHECK_SECONDS = 5.0
GRACE_SECONDS = 10.0
STILL_SECONDS = 30.0
Partition = tuple[str, int]  # a Kafka topic's name and a partition of it


class Reading:
    """What the agents of one worker have taken of each partition, and the check that reads again what
    they passed over."""

    def __init__(self, app: faust.App, metrics: BusMetrics, namespace: str = "") -> None:
        self.app = app
        self._metrics = metrics
        self._namespace = namespace  # metrics name topics as the platform does
        self.positions: dict[Partition, int] = {}  # the next offset the agents take, by partition
        self._readers: dict[str, str] = {}  # the stage reading each topic
        self._in_hand: Counter[tuple[str, int, int]] = Counter()  # messages of batches under way
        self._passed_over: dict[tuple[Any, int], float] = {}  # (tp, offset) -> when first found so
        self._still: dict[Any, tuple[int, float]] = {}  # tp -> where its reading stands, and since when
        app.timer(CHECK_SECONDS, name="reread-passed-over")(self.check)
        forget: Callable[..., None] = self._forget  # faust's signal: (app, revoked)
        app.on_partitions_revoked.connect(forget)

    def read_by(self, stage: str, topics: list[str]) -> None:
        """Faust acknowledges a message two agents read once both are done with it, and the check
        could not tell one passed over from one the other agent has yet to take: one stage per topic."""
        for topic in topics:
            if self._readers.setdefault(topic, stage) != stage:
                raise ValueError(f"{topic} is read by {self._readers[topic]} and {stage}: one stage a topic")

    @property
    def topics(self) -> list[str]:
        """The topics the agents read, as Kafka names them."""
        return sorted(self._readers)

    def lag(self, topic: str) -> float:
        """Records of ``topic`` on the partitions this worker holds that it has not read yet."""
        consumer: Any = self.app.consumer
        name, behind = self._namespace + topic, 0
        try:
            for tp in consumer.assignment():
                if tp.topic == name:
                    # Before a partition's first record: where the group committed (faust has no API).
                    read = self.positions.get((tp.topic, tp.partition), consumer._committed_offset.get(tp))
                    behind += max(0, (consumer.highwater(tp) or 0) - (read or 0))
        except Exception:  # no consumer yet, or a rebalance under way: nothing to tell
            return 0.0
        return float(behind)

    @contextmanager
    def batch(self, events: list[Any]) -> Iterator[None]:
        """An agent's batch under way, however it ends (acknowledged or not)."""
        taken = [(e.message.topic, e.message.partition, e.message.offset) for e in events]
        for topic, partition, offset in taken:
            self.positions[(topic, partition)] = offset + 1
        self._in_hand.update(taken)
        try:
            yield
        finally:
            self._in_hand -= Counter(taken)  # drops the counts at zero

    def passed_over(self, now: float) -> list[tuple[Any, int]]:
        """Partitions, with their committed offsets, whose message there has been passed over for the
        grace period."""
        consumer: Any = self.app.consumer
        if consumer._commit_fut is not None:  # a commit under way has taken its run out of the acknowledged
            return []
        found = {}
        for tp in consumer.assignment():
            offset = consumer._committed_offset.get(tp)
            if tp.topic in contiguous(self.app) and offset is not None and self._over(tp, offset):
                found[(tp, offset)] = self._passed_over.get((tp, offset), now)
        self._passed_over = found
        return [key for key, since in found.items() if now - since >= GRACE_SECONDS]

    def _over(self, tp: Any, offset: int) -> bool:
        consumer: Any = self.app.consumer
        taken_past = self.positions.get((tp.topic, tp.partition), offset) > offset
        in_hand = self._in_hand[(tp.topic, tp.partition, offset)]
        return taken_past and not acknowledged(consumer, tp, offset) and not in_hand

    def left_behind(self, now: float, ends: dict[Any, int]) -> list[tuple[Any, int]]:
        """Partitions, with where their reading stands, left behind for ``STILL_SECONDS`` (``ends``: where
        the logs of the partitions held end)."""
        consumer: Any = self.app.consumer
        busy = {topic for topic, _, _ in self._in_hand}
        still, found = {}, []
        for tp, end in ends.items():
            at = self.positions.get((tp.topic, tp.partition), consumer._committed_offset.get(tp))
            if at is None or end <= at or tp.topic in busy:
                continue
            was, since = self._still.get(tp), now
            if was is not None and was[0] == at:
                since = was[1]
            still[tp] = (at, since)
            if now - since >= STILL_SECONDS:
                found.append((tp, at))
        self._still = still
        return found

    async def check(self) -> None:
        consumer: Any = self.app.consumer
        for tp, offset in self.passed_over(time.monotonic()):
            if await self._read_again(tp, offset, f"offset {offset} was passed over and holds the commits"):
                self._passed_over.pop((tp, offset), None)
        for tp, at in self.left_behind(time.monotonic(), await self._ends()):
            paused = tp in consumer._paused_partitions
            if paused:  # as the recovery cut short would have: the partition, and the flow
                consumer.resume_partitions({tp})
                consumer.resume_flow()
                self.app.flow_control.resume()
            if await self._read_again(tp, at, f"nothing taken for {STILL_SECONDS:.0f} s (paused: {paused})"):
                self._still.pop(tp, None)

    async def _ends(self) -> dict[Any, int]:
        """Where the logs of the partitions held end; none while a rebalance is under way."""
        consumer: Any = self.app.consumer
        held = [tp for tp in consumer.assignment() if tp.topic in read_topics(self.app)]
        if self.app.rebalancing or not held:
            return {}
        try:
            ends = await consumer.highwaters(*held)
        except Exception:  # the brokers do not answer: the next check asks again
            return {}
        return {tp: ends[tp] for tp in held if tp in ends}  # faust's own TP (aiokafka's is a look-alike)

    async def _read_again(self, tp: Any, offset: int, why: str) -> bool:
        log.warning("%s[%s]: %s; reading again from offset %s", tp.topic, tp.partition, why, offset)
        try:
            await self.app.consumer.seek(tp, offset)
        except Exception:  # revoked meanwhile: its next holder starts there anyway
            log.exception("could not seek %s[%s]; the next check tries again", tp.topic, tp.partition)
            return False
        self.positions[(tp.topic, tp.partition)] = offset
        self._metrics.rereads.labels(tp.topic.removeprefix(self._namespace)).inc()
        return True

    def _forget(self, _app: Any, revoked: set[Any], **_: Any) -> None:
        """Whoever reads a revoked partition next starts at its committed offset."""
        for tp in revoked:
            self.positions.pop((tp.topic, tp.partition), None)
