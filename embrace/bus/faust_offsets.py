"""Faust's commits held to what was done, on the topics whose every offset exists.

Faust commits, per partition, the offset after the first run of acknowledged messages from the offset it
committed last, which is Kafka's: the next one to read. faust-streaming 0.15.3 lets that run begin one
past it (``Consumer._new_offset``), so that a message missing from the log, compacted away, does not hold
commits back for ever. On a topic whose every offset exists, the same tolerance commits past a message
that was never acknowledged, as one a rebalance cut off while the next was processed.

So on the topics a runner declares contiguous, none compacted, nothing is committed past the committed
offset until the message there is acknowledged. A partition held back so is read again from that offset
by whoever holds it after the next rebalance, or sooner by the worker holding it (faust_rereading.py);
the sinks absorb the repeat. Compacted topics keep faust's own rule.

A partition the group has never committed on has no committed offset in faust (nor has one committed at
0: faust takes 0 for none), and faust then commits the first run acknowledged, wherever it begins. So
as such a partition is assigned, where its log begins becomes its committed offset.

Faust drops what its consumer fetched while a rebalance pauses the partitions or stops the flow, and
counts on its seek to the committed offsets (``perform_seek``, as each rebalance's recovery ends) to
fetch it again. That seek passes over a partition without a committed offset above 0, whose fetched
messages were then never processed. The partitions the broker-loss test found left behind had that
shape: the consumer's position at the log's end, nothing taken by the agents, nothing committed. So
such a partition of any topic the agents read is sought to where its log begins too; on a contiguous
topic that also becomes its committed offset.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import faust
from faust.transport.consumer import Consumer

log = logging.getLogger(__name__)
_CONTIGUOUS = "embrace_contiguous_topics"  # attributes of the app: names as Kafka knows them
_READ = "embrace_read_topics"
_upstream = Consumer._new_offset
_upstream_seek = Consumer.perform_seek


def declare_contiguous(app: faust.App, topics: Iterable[str], compacted: Iterable[str] = ()) -> None:
    """Hold the commits of ``app`` on these topics to what was acknowledged, from the committed offset.
    ``compacted``: the other topics its agents read, which keep faust's rule."""
    if not hasattr(app, _CONTIGUOUS):
        receiver: Callable[..., Awaitable[None]] = start_at_the_log_start  # faust's: (app, assigned)
        app.on_partitions_assigned.connect(receiver)
    topics = frozenset(topics)
    setattr(app, _CONTIGUOUS, contiguous(app) | topics)
    setattr(app, _READ, read_topics(app) | topics | frozenset(compacted))
    Consumer._new_offset = _new_offset  # type: ignore[method-assign]
    Consumer.perform_seek = _perform_seek  # type: ignore[method-assign]


async def start_at_the_log_start(app: Any, assigned: set[Any], **_: Any) -> None:
    """Partitions assigned with no committed offset get the offset their log begins at."""
    consumer = app.consumer
    unknown = [
        tp for tp in assigned if tp.topic in contiguous(app) and consumer._committed_offset.get(tp) is None
    ]
    for tp, start in (await _log_starts(consumer, unknown)).items():
        if consumer._committed_offset.get(tp) is None:
            consumer._committed_offset[tp] = start


async def _perform_seek(self: Any) -> None:
    """Faust's seek to the committed offsets, and of the partitions read without one above 0, to where
    their logs begin."""
    await _upstream_seek(self)
    # Faust's seek has just set the read offset of each partition held to its committed offset, and
    # sought only those above 0.
    read = read_topics(self.app)
    unsought = [tp for tp in self.assignment() if tp.topic in read and not self._read_offset.get(tp)]
    for tp, start in (await _log_starts(self, unsought)).items():
        await self.seek(tp, start)
        if tp.topic in contiguous(self.app):  # a compacted log may lack its first offset: faust's rule
            self._committed_offset[tp] = start


async def _log_starts(consumer: Any, tps: list[Any]) -> dict[Any, int]:
    """Where the logs of ``tps`` begin; none when the brokers cannot tell, which leaves faust's rule."""
    if not tps:
        return {}
    try:
        starts = await consumer.earliest_offsets(*tps)
    except Exception:  # a failure here would crash the rebalance: faust's own rule holds meanwhile
        log.exception("could not ask where %d partitions begin; faust's rule holds for them", len(tps))
        return {}
    return {tp: start for tp, start in starts.items() if start is not None}


def contiguous(app: faust.App) -> frozenset[str]:
    """The topics declared contiguous on ``app``."""
    declared: frozenset[str] = getattr(app, _CONTIGUOUS, frozenset())
    return declared


def read_topics(app: faust.App) -> frozenset[str]:
    """The topics the agents of ``app`` read, contiguous and compacted."""
    read: frozenset[str] = getattr(app, _READ, frozenset())
    return read


def acknowledged(consumer: Any, tp: Any, offset: int) -> bool:
    """Whether faust holds the message at ``offset`` acknowledged and not yet committed."""
    return offset in consumer._acked_index.get(tp, ())


def _new_offset(self: Any, tp: Any) -> int | None:
    committed = self._committed_offset[tp]
    unacknowledged = committed is not None and self._acked[tp] and not acknowledged(self, tp, committed)
    if unacknowledged and tp.topic in contiguous(self.app):
        return None  # the message at the committed offset was not processed: nothing past it is done
    result: int | None = _upstream(self, tp)
    return result
