"""A message an agent failed on, read again by its worker on Kafka: faust restarts a failed agent, not
its batch, so the worker itself reads the partition again from the committed offset, on a partition
never committed on too (from where its log begins)."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest
from kafka import KafkaProducer
from prometheus_client import CollectorRegistry

from embrace.bus.faust_app import create_app
from embrace.bus.faust_runner import FaustRunner
from embrace.bus.faust_sending import FaustSender
from embrace.bus.metrics import BusMetrics
from embrace.bus.topic_admin import ensure_topics
from embrace.record import Record
from embrace.topic import Topic
from embrace.topics import dead_letters
from tests.support.toy_bus import DOUBLED, NUMBERS, Collector, stages
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


@pytest.fixture
def worker(kafka_bootstrap: str, topic_namespace: str) -> tuple[FaustRunner, Collector, BusMetrics]:
    topics: list[Topic[Any]] = [NUMBERS, DOUBLED, dead_letters("double"), dead_letters("collect")]
    ensure_topics(kafka_bootstrap, topics, partitions=1, namespace=topic_namespace)
    app = create_app(topic_namespace + "reread", kafka_bootstrap)
    collector, metrics = Collector(), BusMetrics(CollectorRegistry())
    send = OnceFailing(FaustSender(app, metrics, topic_namespace), number(4))
    runner = FaustRunner(app, stages(collector, batch_size=5), metrics, send=send, namespace=topic_namespace,
                         kafka=kafka_bootstrap)  # fmt: skip
    return runner, collector, metrics


def wait_for(done: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done():
        time.sleep(0.2)
    return bool(done())


def test_a_batch_an_agent_failed_on_before_any_commit_is_read_again_and_done(
    worker: tuple[FaustRunner, Collector, BusMetrics], kafka_bootstrap: str, topic_namespace: str
) -> None:
    runner, collector, metrics = worker
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")

    def publish(values: range) -> None:
        for value in values:
            producer.send(topic_namespace + NUMBERS.name, key=b"k", value=number(value))
        producer.flush()

    with Running(runner):
        publish(range(1, 11))  # the transform fails on 2, sending 4, before anything is committed
        expected = {2 * n for n in range(1, 11)}
        assert wait_for(lambda: set(collector.values) == expected, timeout=60), sorted(collector.values)
    producer.close()
    rereads = metrics.rereads.labels(NUMBERS.name)._value.get()
    assert rereads == 1
