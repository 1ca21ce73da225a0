"""The toy pipeline as the Kafka runner's agents, on a faust app with no broker: the runner, and an
outbox standing in for the producer."""

from __future__ import annotations

from prometheus_client import CollectorRegistry

from embrace.bus.faust_app import create_app
from embrace.bus.faust_runner import FaustRunner
from embrace.bus.metrics import BusMetrics
from embrace.codec import encode
from embrace.record import Record
from tests.support.toy_bus import Collector, Number, stages


class Outbox:
    """Stands in for the producer: what the agents would have sent to Kafka."""

    def __init__(self) -> None:
        self.records: list[Record] = []

    async def __call__(self, record: Record) -> None:
        self.records.append(record)


def runner(collector: Collector, outbox: Outbox, batch_size: int = 100) -> FaustRunner:
    app = create_app(f"test-{id(collector)}", "localhost:9092")
    app.finalize()
    app.flow_control.resume()
    return FaustRunner(app, stages(collector, batch_size), BusMetrics(CollectorRegistry()), send=outbox)


def number(value: int) -> bytes:
    return encode(Number(value=value))
