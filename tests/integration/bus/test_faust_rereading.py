"""A message an agent failed on, read again by its worker on Kafka: faust restarts a failed agent, not
its batch, so the worker itself reads the partition again from the committed offset, on a partition
never committed on too (from where its log begins). A partition left paused, as a rebalance's recovery
cut short leaves it, resumed and read, on a compacted topic too. And what faust dropped of a partition
never committed on, read once a rebalance's recovery seeks to the committed offsets."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from kafka import KafkaProducer
from prometheus_client import CollectorRegistry

from embrace.bus import faust_rereading
from embrace.bus.faust_app import create_app
from embrace.bus.faust_runner import FaustRunner
from embrace.bus.faust_sending import FaustSender
from embrace.bus.metrics import BusMetrics
from embrace.bus.topic_admin import ensure_topics
from embrace.record import Record
from embrace.topic import Topic
from embrace.topics import dead_letters
from tests.support.toy_bus import DOUBLED, NUMBER_STATES, NUMBERS, Collector, stages
from tests.support.toy_faust import number

pytestmark = pytest.mark.kafka


class OnceFailing:
    """The worker's sender, failing once on one record, as a bus that hiccups mid-batch."""

    def __init__(self, sender: FaustSender, failing: bytes) -> None:
        self.sender, self.failing = sender, failing

    async def __call__(self, record: Record) -> None:
        if record.value == self.failing:
            self.failing = b""
            raise ConnectionError("the bus hiccupped")
        await self.sender(record)


class Running:
    """A faust app started on its own event loop in a thread, as a worker runs it."""

    def __init__(self, runner: FaustRunner) -> None:
        self.app, self.loop = runner.app, asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> Running:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.app.start(), self.loop).result(60)
        return self

    def __exit__(self, *_: Any) -> None:
        asyncio.run_coroutine_threadsafe(self.app.stop(), self.loop).result(60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


Worker = tuple[FaustRunner, Collector, BusMetrics]


def started_worker(
    kafka_bootstrap: str, topic_namespace: str, failing: bytes, numbers: Topic[Any] = NUMBERS
) -> Worker:
    """A worker doubling ``numbers``, whose sends fail once on ``failing``."""
    topics: list[Topic[Any]] = [numbers, DOUBLED, dead_letters("double"), dead_letters("collect")]
    ensure_topics(kafka_bootstrap, topics, partitions=1, namespace=topic_namespace)
    app = create_app(topic_namespace + "reread", kafka_bootstrap)
    collector, metrics = Collector(), BusMetrics(CollectorRegistry())
    send = OnceFailing(FaustSender(app, metrics, topic_namespace), failing)
    runner = FaustRunner(app, stages(collector, batch_size=5, numbers=numbers), metrics, send=send,
                         namespace=topic_namespace, kafka=kafka_bootstrap)  # fmt: skip
    return runner, collector, metrics


@pytest.fixture
def worker(kafka_bootstrap: str, topic_namespace: str) -> Worker:
    return started_worker(kafka_bootstrap, topic_namespace, number(4))


def publisher(kafka_bootstrap: str, topic: str) -> Callable[[range], None]:
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")

    def publish(values: range) -> None:
        for value in values:
            producer.send(topic, key=b"k", value=number(value))
        producer.flush()

    return publish


def wait_for(done: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done():
        time.sleep(0.2)
    return bool(done())


def test_a_batch_an_agent_failed_on_before_any_commit_is_read_again_and_done(
    worker: tuple[FaustRunner, Collector, BusMetrics], kafka_bootstrap: str, topic_namespace: str
) -> None:
    runner, collector, metrics = worker
    publish = publisher(kafka_bootstrap, topic_namespace + NUMBERS.name)
    with Running(runner):
        publish(range(1, 11))  # the transform fails on 2, sending 4, before anything is committed
        expected = {2 * n for n in range(1, 11)}
        assert wait_for(lambda: set(collector.values) == expected, timeout=60), sorted(collector.values)
    rereads = metrics.rereads.labels(NUMBERS.name)._value.get()
    assert rereads == 1


@pytest.mark.parametrize("numbers", [NUMBERS, NUMBER_STATES], ids=["contiguous", "compacted"])
def test_a_partition_left_paused_is_resumed_and_read(
    kafka_bootstrap: str, topic_namespace: str, monkeypatch: pytest.MonkeyPatch, numbers: Topic[Any]
) -> None:
    monkeypatch.setattr(faust_rereading, "STILL_SECONDS", 3.0)
    runner, collector, metrics = started_worker(kafka_bootstrap, topic_namespace, b"", numbers)
    publish = publisher(kafka_bootstrap, topic_namespace + numbers.name)
    with Running(runner) as running:
        consumer = runner.app.consumer  # made by the app's own loop as it starts
        publish(range(1, 6))
        assert wait_for(lambda: len(collector.values) == 5, timeout=60), sorted(collector.values)
        held = {tp for tp in consumer.assignment() if tp.topic == topic_namespace + numbers.name}
        running.loop.call_soon_threadsafe(consumer.pause_partitions, held)  # as a recovery cut short
        publish(range(6, 11))
        expected = {2 * n for n in range(1, 11)}
        assert wait_for(lambda: set(collector.values) == expected, timeout=60), sorted(collector.values)
    assert metrics.rereads.labels(numbers.name)._value.get() == 1


def test_what_faust_dropped_of_a_partition_never_committed_on_is_read_when_recovery_seeks(
    kafka_bootstrap: str, topic_namespace: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(faust_rereading, "STILL_SECONDS", 600.0)  # the left-behind check stays out of it
    runner, collector, _ = started_worker(kafka_bootstrap, topic_namespace, failing=b"")
    publish = publisher(kafka_bootstrap, topic_namespace + NUMBERS.name)
    with Running(runner) as running:
        consumer = runner.app.consumer

        def on_loop(coroutine: Any) -> None:
            asyncio.run_coroutine_threadsafe(coroutine, running.loop).result(30)

        def held() -> set[Any]:
            return {tp for tp in consumer.assignment() if tp.topic == topic_namespace + NUMBERS.name}

        assert wait_for(held, timeout=60)
        running.loop.call_soon_threadsafe(consumer.pause_partitions, held())  # as a rebalance begins
        publish(range(1, 6))
        for tp in held():  # the consumer past messages no agent took, as when faust drops what it fetched
            on_loop(consumer.seek(tp, 5))
        running.loop.call_soon_threadsafe(consumer.resume_partitions, held())
        on_loop(consumer.perform_seek())  # as the rebalance's recovery ends
        expected = {2 * n for n in range(1, 6)}
        assert wait_for(lambda: set(collector.values) == expected, timeout=30), sorted(collector.values)
