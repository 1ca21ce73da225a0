"""Which partitions a worker reads again: those whose stream has passed over the message at the
committed offset for the grace period, and those left behind their logs' ends with nothing taken, on
faust's own consumer (no broker; tests/integration/bus reads again on Kafka)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest
from faust.types import TP
from prometheus_client import CollectorRegistry

from embrace.bus.faust_app import create_app
from embrace.bus.faust_rereading import GRACE_SECONDS, STILL_SECONDS
from embrace.bus.faust_runner import FaustRunner
from embrace.bus.metrics import BusMetrics
from embrace.bus.stages import Sink
from tests.support.toy_bus import DOUBLED, Collector, stages

READ, COMPACTED = TP("ns.test.doubled", 3), TP("ns.test.state", 0)


def worker(committed: int, acknowledged: list[int]) -> FaustRunner:
    """A worker holding READ and COMPACTED, each committed at ``committed`` with these acknowledged."""
    app = create_app(f"test-reread-{id(acknowledged)}", "localhost:9092")
    state = Sink("keep", (replace(DOUBLED, name="test.state", compacted=True),), Collector())
    runner = FaustRunner(app, [*stages(Collector()), state], BusMetrics(CollectorRegistry()), namespace="ns.")
    consumer: Any = app.consumer
    consumer.assignment = lambda: {READ, COMPACTED}
    for tp in (READ, COMPACTED):
        consumer._committed_offset[tp] = committed
        consumer._acked[tp] = list(acknowledged)
        consumer._acked_index[tp] = set(acknowledged)
    return runner


def events(tp: TP, *offsets: int) -> list[Any]:
    return [SimpleNamespace(message=SimpleNamespace(topic=tp.topic, partition=tp.partition, offset=o))
            for o in offsets]  # fmt: skip


def passed_over(runner: FaustRunner, *, after: float) -> list[tuple[TP, int]]:
    """What the check finds at its first look, and then ``after`` seconds later."""
    runner._reading.passed_over(now=0.0)
    return runner._reading.passed_over(now=after)


def taken(runner: FaustRunner, *offsets: int) -> FaustRunner:
    for tp in (READ, COMPACTED):
        with runner._reading.batch(events(tp, *offsets)):
            pass
    return runner


def test_a_message_passed_over_is_read_again_once_the_grace_period_is_over() -> None:
    runner = taken(worker(16, [17, 18]), 16, 17, 18)
    assert passed_over(runner, after=GRACE_SECONDS - 1) == []
    assert passed_over(runner, after=GRACE_SECONDS) == [(READ, 16)]


def test_a_message_acknowledged_and_not_yet_committed_is_not_passed_over() -> None:
    runner = taken(worker(16, [16, 17, 18]), 16, 17, 18)
    assert passed_over(runner, after=GRACE_SECONDS) == []


def test_a_message_not_yet_taken_is_not_passed_over() -> None:
    assert passed_over(worker(16, []), after=GRACE_SECONDS) == []


def test_a_message_in_a_batch_under_way_is_not_passed_over() -> None:
    runner = worker(16, [])
    with runner._reading.batch(events(READ, 16, 17)):
        assert passed_over(runner, after=GRACE_SECONDS) == []
    assert passed_over(runner, after=GRACE_SECONDS) == [(READ, 16)]


def test_a_partition_revoked_and_assigned_again_starts_from_its_committed_offset() -> None:
    runner = taken(worker(16, [17, 18]), 16, 17, 18)
    asyncio.run(runner.app.on_partitions_revoked.send({READ}))
    assert passed_over(runner, after=GRACE_SECONDS) == []


def test_an_offset_a_compacted_topic_lacks_is_never_read_again() -> None:
    runner = taken(worker(16, [17, 18]), 16, 17, 18)
    assert COMPACTED not in dict(passed_over(runner, after=GRACE_SECONDS))


def test_a_worker_refuses_two_stages_reading_one_topic() -> None:
    app = create_app("test-two-readers", "localhost:9092")
    second = Sink("collect-again", (DOUBLED,), Collector())
    with pytest.raises(ValueError, match=r"ns\.test\.doubled is read by collect and collect-again"):
        FaustRunner(app, [*stages(Collector()), second], BusMetrics(CollectorRegistry()), namespace="ns.")


def test_a_message_whose_commit_is_under_way_is_not_passed_over() -> None:
    runner = taken(worker(16, []), 16, 17, 18)  # faust takes a run out of the acknowledged as it commits it
    runner.app.consumer._commit_fut = object()  # type: ignore[attr-defined]
    assert passed_over(runner, after=GRACE_SECONDS) == []


def left_behind(runner: FaustRunner, end: int, *, after: float) -> list[tuple[TP, int]]:
    """What the check finds left behind of READ, whose log ends at ``end``: at its first look, and then
    ``after`` seconds later."""
    runner._reading.left_behind(0.0, {READ: end})
    return runner._reading.left_behind(after, {READ: end})


def test_a_partition_behind_its_end_with_nothing_taken_is_left_behind_after_the_still_period() -> None:
    runner = taken(worker(16, [16, 17]), 16, 17)
    assert left_behind(runner, 20, after=STILL_SECONDS - 1) == []
    assert left_behind(runner, 20, after=STILL_SECONDS) == [(READ, 18)]


def test_a_partition_never_taken_from_is_left_behind_at_its_committed_offset() -> None:
    assert left_behind(worker(16, []), 20, after=STILL_SECONDS) == [(READ, 16)]


def test_a_partition_at_its_end_is_not_left_behind() -> None:
    assert left_behind(taken(worker(16, [16, 17]), 16, 17), 18, after=STILL_SECONDS) == []


def test_a_partition_taken_from_meanwhile_is_not_left_behind() -> None:
    runner = taken(worker(16, [16, 17]), 16, 17)
    runner._reading.left_behind(0.0, {READ: 20})
    taken(runner, 18)
    assert runner._reading.left_behind(STILL_SECONDS, {READ: 20}) == []


def test_no_partition_of_a_topic_is_left_behind_while_its_agent_has_a_batch_in_hand() -> None:
    runner = worker(16, [])
    with runner._reading.batch(events(TP(READ.topic, 1), 40)):  # a sink retrying a store that is down
        assert left_behind(runner, 20, after=STILL_SECONDS) == []
