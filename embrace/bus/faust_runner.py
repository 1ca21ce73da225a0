"""The Kafka runner: each stage becomes a faust-streaming agent.

Delivery is at-least-once. An agent acknowledges a batch once it is done: a transform once it has handed
every message it emits to faust's producer, which faust flushes (every send acknowledged by all in-sync
replicas) before it commits the offsets of the inputs; a sink once the write succeeded. A crash or a stop
therefore replays input, never skips it, and the sinks are idempotent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from typing import Any

import faust

from embrace.bus.faust_batches import acknowledge, write_until_done
from embrace.bus.faust_offsets import declare_contiguous
from embrace.bus.faust_rereading import Reading
from embrace.bus.faust_sending import FaustSender
from embrace.bus.following import TopicFollower
from embrace.bus.group_watch import GroupWatch
from embrace.bus.kafka_connection import KafkaConnection, access
from embrace.bus.kafka_producer import KafkaPublisher
from embrace.bus.metrics import BusMetrics
from embrace.bus.pattern_consuming import PatternConsumer
from embrace.bus.processing import Clock, decode_batch, run_transform, utc_now
from embrace.bus.stages import Follow, Sink, Stage, Tick, Transform
from embrace.record import Record
from embrace.topics import dead_letters

log = logging.getLogger(__name__)

Send = Callable[[Record], Awaitable[None]]
Batch = Callable[[Any, Any, list[Any]], Awaitable[None]]  # a stage's batch of events, done on its stream


class FaustRunner:
    def __init__(
        self,
        app: faust.App,
        stages: Iterable[Stage],
        metrics: BusMetrics,
        *,
        send: Send | None = None,
        clock: Clock = utc_now,
        namespace: str = "",
        kafka: KafkaConnection | str = "",
    ) -> None:
        self.app = app
        # Topics keep their logical names inside the platform; only Kafka sees the namespaced ones.
        self._namespace = namespace
        self._metrics = metrics
        self._clock = clock
        self._send: Send = send or FaustSender(app, metrics, namespace)
        # When each sink took the batch it has not yet written (absent: nothing waiting).
        self._unwritten_since: dict[str, float] = {}
        self._reading = Reading(app, metrics, namespace)
        self.agents: dict[str, Any] = {}
        self._kafka = access(kafka) if kafka else None  # none: a runner driven without a broker, in tests
        self.watches: list[GroupWatch] = []
        self.followers: list[TopicFollower] = []
        self.pattern_consumers: list[PatternConsumer] = []
        for stage in stages:
            self._add(stage, kafka)

    def _add(self, stage: Stage, kafka: KafkaConnection | str) -> None:
        """A stage as faust runs it: an agent per topic it reads, a timer, or a follower."""
        if isinstance(stage, Follow):
            self.followers.append(TopicFollower(stage, kafka, self._namespace))
            return
        if isinstance(stage, Tick):
            self.app.timer(stage.every_seconds, name=stage.name)(self._ticking(stage))
            return
        if isinstance(stage, Transform) and any(t.pattern for t in stage.sources):
            self.pattern_consumers.append(self._by_pattern(stage, access(kafka)))
        if any(not t.pattern for t in stage.sources):
            self.agents[stage.name] = self._register(stage)
        for topic in (t for t in stage.sources if not t.pattern):
            lag = partial(self._reading.lag, topic.name)
            self._metrics.lag.labels(self.app.conf.id, topic.name).set_function(lag)
            self._metrics.rereads.labels(topic.name)  # at 0 from the start, as undelivered below
        for topic in (*stage.outputs, dead_letters(stage.name)):
            self._metrics.undelivered.labels(topic.name)  # at 0 from the start, so increase() sees a first
        if isinstance(stage, Sink) and stage.on_assigned is not None:
            self.app.on_partitions_assigned.connect(_ignoring_arguments(stage.on_assigned))
        if isinstance(stage, Sink):
            self._metrics.unwritten_seconds.labels(stage.name).set_function(
                partial(self.unwritten_seconds, stage.name)
            )

    def follow(self) -> None:
        """Read the state topics up to now before any agent consumes: an area published before an
        incident is then known when the incident is enriched. Then start consuming topic families, and
        watching where the group stands."""
        for follower in self.followers:
            follower.start()
        for consumer in self.pattern_consumers:
            consumer.start()
        if self._kafka is not None and self._reading.topics:
            self.watches = [GroupWatch(self._kafka, self.app.conf.id, self._reading.topics, self._metrics,
                                       namespace=self._namespace)]  # fmt: skip
        for watch in self.watches:
            watch.start()

    def stop_following(self) -> None:
        """Stop what ``follow`` started, once the worker has stopped and before its stores close."""
        for background in (*self.pattern_consumers, *self.followers, *self.watches):
            background.stop()

    def _by_pattern(self, stage: Transform[Any], kafka: KafkaConnection) -> PatternConsumer:
        group = f"{self.app.conf.id}.{stage.name}"
        publisher = partial(KafkaPublisher, kafka, group, namespace=self._namespace)
        return PatternConsumer(stage, kafka, group, publisher, self._metrics, self._clock,
                               namespace=self._namespace)  # fmt: skip

    def unwritten_seconds(self, stage: str) -> float:
        """How long the sink has held records it could not write yet (0 when none)."""
        since = self._unwritten_since.get(stage)
        return 0.0 if since is None else time.monotonic() - since

    def stalled(self, threshold_seconds: float) -> list[str]:
        """Sinks that have not written what they hold for longer than the threshold."""
        return [s for s in self._unwritten_since if self.unwritten_seconds(s) > threshold_seconds]

    def _register(self, stage: Transform[Any] | Sink[Any]) -> Any:
        work = self._transform_batch if isinstance(stage, Transform) else self._sink_batch
        read = [t for t in stage.sources if not t.pattern]
        self._reading.read_by(stage.name, [self._namespace + t.name for t in read])
        whole, compacted = (
            [self._namespace + t.name for t in read if t.compacted is c] for c in (False, True)
        )
        declare_contiguous(self.app, whole, compacted)
        channel = self.app.topic(*(self._namespace + t.name for t in read), key_type=bytes, value_type=bytes)
        return self.app.agent(channel, name=stage.name)(self._agent(stage, work))

    def _agent(self, stage: Transform[Any] | Sink[Any], work: Batch) -> Callable[[Any], Awaitable[None]]:
        async def agent(stream: Any) -> None:
            async for events in stream.noack_take(stage.batch_size, within=stage.max_wait_seconds):
                with self._reading.batch(events):
                    await work(stage, stream, events)

        return agent

    async def _transform_batch(self, stage: Transform[Any], stream: Any, events: list[Any]) -> None:
        records = [self._record(event) for event in events]
        with self._metrics.seconds.labels(stage.name).time():
            out, outcomes = run_transform(stage, records, self._clock)
        for produced in out:
            await self._send(produced)
        await acknowledge(stream, events)
        self._metrics.count_emitted(stage.name, out)
        for outcome in outcomes:
            self._metrics.messages.labels(stage.name, outcome).inc()

    async def _sink_batch(self, stage: Sink[Any], stream: Any, events: list[Any]) -> None:
        records = [self._record(event) for event in events]
        pairs, letters = decode_batch(stage, records, self._clock)
        self._metrics.batch_rows.labels(stage.name).observe(len(pairs))
        unwritten = self._unwritten_since
        outcome = await write_until_done(stage, pairs, self._clock, self._metrics, unwritten)
        for produced in letters + outcome.records:
            await self._send(produced)
        await acknowledge(stream, events)
        self._metrics.count_sink_batch(stage.name, len(pairs), len(letters), len(outcome.refused),
                                       letters + outcome.records)  # fmt: skip

    def _ticking(self, tick: Tick) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            try:
                with self._metrics.seconds.labels(tick.name).time():
                    await asyncio.get_running_loop().run_in_executor(None, tick.run)
            except Exception:
                log.exception("tick %s failed; it runs again in %s s", tick.name, tick.every_seconds)

        return run

    def _record(self, event: Any) -> Record:
        message = event.message
        topic = message.topic.removeprefix(self._namespace)
        return Record(topic, event.key, event.value, message.partition, message.offset)


def _ignoring_arguments(call: Callable[[], None]) -> Callable[..., None]:
    def receive(*_: Any, **__: Any) -> None:
        call()

    return receive
