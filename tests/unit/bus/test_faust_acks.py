"""What the Kafka runner's agents acknowledge: a batch once it is done, and nothing of a batch cut short
(a worker stopping while its store is down, or while it sends). Faust commits what is acknowledged, so
a batch cut short and acknowledged would never be read again."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from embrace.record import Record
from tests.support.toy_bus import Collector
from tests.support.toy_faust import Outbox, number, runner


class StuckOutbox(Outbox):
    """A producer that takes the first record and then never answers, as a bus that has gone away."""

    async def __call__(self, record: Record) -> None:
        if self.records:
            await asyncio.Event().wait()
        self.records.append(record)


async def until(done: Any) -> None:
    for _ in range(100):
        if done():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the agent never got that far")


def acknowledged(agent: Any, values: list[bytes], reached: Any) -> list[bool]:
    """Put the values to the agent, stop it once ``reached()`` holds, and tell which were acknowledged."""
    events: list[Any] = []

    async def scenario() -> None:
        async with agent.test_context() as context:
            for value in values:
                events.append(await context.put(value=value, key=b"k", partition=1))
            await until(reached)

    asyncio.run(scenario())
    return [event.message.acked for event in events]


def test_a_batch_written_is_acknowledged() -> None:
    collector = Collector()
    agent = runner(collector, Outbox()).agents["collect"]
    assert acknowledged(agent, [number(1), number(2)], lambda: len(collector.values) == 2) == [True, True]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_sink_stopped_while_its_store_is_down_acknowledges_nothing_of_its_batch() -> None:
    collector = Collector(failures=1000)
    agent = runner(collector, Outbox()).agents["collect"]
    assert acknowledged(agent, [number(1), number(2)], lambda: collector.attempts >= 2) == [False, False]


def test_a_transform_stopped_while_it_sends_acknowledges_nothing_of_its_batch() -> None:
    outbox = StuckOutbox()
    agent = runner(Collector(), outbox).agents["double"]
    assert acknowledged(agent, [number(1), number(2)], lambda: outbox.records) == [False, False]
