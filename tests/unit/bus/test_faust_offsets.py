"""What faust commits of a partition, on its own consumer: on a topic whose every offset exists, nothing
past a message that was not acknowledged; on a compacted topic, faust's own tolerance of one missing."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from faust.types import TP
from prometheus_client import CollectorRegistry

from embrace.bus.faust_app import create_app
from embrace.bus.faust_offsets import declare_contiguous
from embrace.bus.faust_runner import FaustRunner
from embrace.bus.metrics import BusMetrics
from embrace.bus.stages import Sink
from tests.support.toy_bus import DOUBLED, Collector, stages

READ, COMPACTED = TP("ns.embrace.reports-enriched.v1", 3), TP("ns.embrace.areas.v1", 0)


def commit_after(tp: TP, committed: int, acknowledged: list[int]) -> int | None:
    """The offset faust would commit next, from the one committed and the messages acknowledged since."""
    app = create_app(f"test-offsets-{id(tp)}", "localhost:9092")
    declare_contiguous(app, [READ.topic])
    consumer: Any = app.consumer
    consumer._committed_offset[tp] = committed  # Kafka's committed offset: the next one to read
    consumer._acked[tp] = list(acknowledged)
    consumer._acked_index[tp] = set(acknowledged)
    result: int | None = consumer._new_offset(tp)
    return result


def test_a_run_acknowledged_from_the_committed_offset_is_committed() -> None:
    assert commit_after(READ, 16, [16, 17, 18]) == 19


def test_nothing_is_committed_past_a_message_that_was_not_acknowledged() -> None:
    assert commit_after(READ, 16, [17, 18]) is None
    assert commit_after(READ, 16, [18, 19]) is None


def test_a_compacted_topic_keeps_faust_s_tolerance_of_one_missing_offset() -> None:
    assert commit_after(COMPACTED, 16, [17, 18]) == 19


def test_a_runner_declares_the_topics_it_reads_that_are_not_compacted() -> None:
    app = create_app("test-declared", "localhost:9092")
    state = Sink("keep", (replace(DOUBLED, name="test.state", compacted=True),), Collector())
    FaustRunner(app, [*stages(Collector()), state], BusMetrics(CollectorRegistry()), namespace="ns.")
    assert app.embrace_contiguous_topics == {"ns.test.numbers", "ns.test.doubled"}  # type: ignore[attr-defined]
    assert app.embrace_read_topics == {"ns.test.numbers", "ns.test.doubled", "ns.test.state"}  # type: ignore[attr-defined]


def test_a_partition_never_committed_on_starts_where_its_log_begins() -> None:
    app = create_app("test-log-start", "localhost:9092")
    declare_contiguous(app, [READ.topic])
    consumer: Any = app.consumer
    other = TP(READ.topic, 4)
    consumer._committed_offset[other] = 30

    async def begin_at(*partitions: TP) -> dict[TP, int]:  # where the broker says each log begins
        return dict.fromkeys(partitions, 12)

    consumer.earliest_offsets = begin_at
    asyncio.run(app.on_partitions_assigned.send({READ, COMPACTED, other}))
    assert (consumer._committed_offset[READ], consumer._committed_offset.get(COMPACTED)) == (12, None)
    assert consumer._committed_offset[other] == 30
    assert commit_after(READ, 12, [13, 14]) is None


def test_faust_s_seek_to_the_committed_offsets_takes_one_never_committed_on_to_where_its_log_begins() -> None:
    app = create_app("test-seek", "localhost:9092")
    declare_contiguous(app, [READ.topic], compacted=[COMPACTED.topic])
    consumer: Any = app.consumer
    at_zero, committed, unread = TP(READ.topic, 4), TP(READ.topic, 5), TP("ns.embrace.other.v1", 0)
    kafka = {READ: None, at_zero: 0, committed: 30, COMPACTED: None, unread: None}  # what the group committed
    sought: dict[TP, int] = {}

    async def seek_to_committed() -> dict[TP, int | None]:
        sought.update({tp: offset for tp, offset in kafka.items() if offset})  # faust: those above 0
        return kafka

    async def begin_at(*partitions: TP) -> dict[TP, int]:
        return dict.fromkeys(partitions, 12)

    async def seek(tp: TP, offset: int) -> None:
        sought[tp] = offset

    consumer.assignment, consumer.seek_to_committed = lambda: set(kafka), seek_to_committed
    consumer.earliest_offsets, consumer.seek = begin_at, seek
    asyncio.run(consumer.perform_seek())
    assert sought == {READ: 12, at_zero: 12, committed: 30, COMPACTED: 12}  # not a topic no agent reads
    committed_now = [consumer._committed_offset.get(tp) for tp in (READ, at_zero, committed, COMPACTED)]
    assert committed_now == [12, 12, 30, None]  # a compacted log may lack its first offset: faust's rule
