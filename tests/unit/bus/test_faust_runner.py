"""The Kafka runner's agents, driven through faust's test_context (no broker; see tests/integration)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from prometheus_client import CollectorRegistry

from embrace.bus.faust_app import create_app
from embrace.bus.faust_runner import FaustRunner
from embrace.bus.metrics import BusMetrics
from embrace.bus.stages import Sink
from embrace.contracts import DeadLetter
from tests.support.toy_bus import DOUBLED, REFUSED, Collector, Number, stages
from tests.support.toy_faust import Outbox, number, runner


async def put_all(agent: Any, values: list[bytes]) -> None:
    async with agent.test_context() as context:
        for value in values:
            await context.put(value=value, key=b"k", partition=2)
        await asyncio.sleep(0.3)  # let a take_events batch time out and flush


def test_a_transform_agent_sends_what_the_stage_emits_keyed_by_the_output_topic() -> None:
    outbox = Outbox()
    app_runner = runner(Collector(), outbox)
    asyncio.run(put_all(app_runner.agents["double"], [number(2), number(5)]))
    assert [(r.topic, r.key, Number.model_validate_json(r.value).value) for r in outbox.records] == [
        (DOUBLED.name, b"4", 4),
        (DOUBLED.name, b"10", 10),
    ]


def test_an_invalid_message_goes_to_the_stage_dead_letter_topic_with_its_place_and_reason() -> None:
    outbox = Outbox()
    app_runner = runner(Collector(), outbox)
    asyncio.run(put_all(app_runner.agents["double"], [number(1), b"not json", number(-3), number(2)]))
    topics = [r.topic for r in outbox.records]
    assert topics == [
        "test.doubled",
        "embrace.dead-letters.double.v1",
        "embrace.dead-letters.double.v1",
        "test.doubled",
    ]
    malformed, rejected = (DeadLetter.model_validate_json(r.value) for r in outbox.records[1:3])
    assert (malformed.source_topic, malformed.partition, malformed.offset) == ("test.numbers", 2, 1)
    assert malformed.original == b"not json"
    assert "Invalid JSON" in malformed.reason
    assert rejected.reason == "rejected: negative numbers are not doubled"


def test_a_sink_agent_writes_batches_and_dead_letters_what_does_not_decode() -> None:
    outbox, collector = Outbox(), Collector()
    app_runner = runner(collector, outbox, batch_size=2)
    asyncio.run(put_all(app_runner.agents["collect"], [number(1), number(2), b"{}", number(3)]))
    assert collector.values == [1, 2, 3]
    assert [r.topic for r in outbox.records] == ["embrace.dead-letters.collect.v1"]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_sink_agent_retries_a_failing_store_instead_of_dropping_the_batch() -> None:
    outbox, collector = Outbox(), Collector(failures=2)
    app_runner = runner(collector, outbox)

    async def scenario() -> None:
        async with app_runner.agents["collect"].test_context() as context:
            await context.put(value=number(7), key=b"7")
            for _ in range(50):
                if collector.values:
                    break
                await asyncio.sleep(0.1)

    asyncio.run(scenario())
    assert collector.values == [7]


def test_a_sink_agent_dead_letters_a_row_the_store_refuses_and_writes_the_rest_of_its_batch() -> None:
    outbox, collector = Outbox(), Collector()
    app_runner = runner(collector, outbox, batch_size=4)
    asyncio.run(put_all(app_runner.agents["collect"], [number(1), number(REFUSED), number(3), number(4)]))
    assert sorted(collector.values) == [1, 3, 4]
    [letter] = [DeadLetter.model_validate_json(r.value) for r in outbox.records]
    assert (letter.stage, letter.offset) == ("collect", 1)
    assert letter.reason.startswith("store refused: ValueError")
    assert app_runner.unwritten_seconds("collect") == 0.0


def test_a_worker_given_partitions_tells_the_sinks_that_remember_what_the_store_holds() -> None:
    told: list[str] = []
    remembering = Sink("remember", (DOUBLED,), Collector(), on_assigned=lambda: told.append("read again"))
    app = create_app("test-assigned", "localhost:9092")
    FaustRunner(app, [remembering], BusMetrics(CollectorRegistry()), send=Outbox())
    asyncio.run(app.on_partitions_assigned.send(set()))  # as faust sends it after every rebalance
    assert told == ["read again"]


def test_each_topic_a_stage_publishes_to_has_its_undelivered_count_from_the_start() -> None:
    registry = CollectorRegistry()
    app = create_app("test-undelivered", "localhost:9092")
    FaustRunner(app, stages(Collector()), BusMetrics(registry))
    counted = {
        sample.labels["topic"]: sample.value
        for metric in registry.collect() if metric.name == "embrace_bus_undelivered"
        for sample in metric.samples if sample.name.endswith("_total")
    }  # fmt: skip
    assert counted == {
        DOUBLED.name: 0,
        "embrace.dead-letters.double.v1": 0,
        "embrace.dead-letters.collect.v1": 0,
    }
