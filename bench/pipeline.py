"""Throughput and latency of the Kafka pipeline, with one and two workers of each kind, beside a bare
kafka-python loop on the same broker.

    python bench/pipeline.py [--incidents 300000] [--per-report 10]

1. The pipeline: `embrace serve enrich` and `embrace serve aggregate` as separate processes. A backlog
   of reports (``--per-report`` incidents each) is published straight onto the raw topic, as an
   integrator would, before enrich starts; throughput is the rate at which the pipeline drains it, from
   the first incident counted in ClickHouse to the last (the time including enrich's start-up is shown
   too). Both sides drain a topic that is already full, so the publisher takes CPU from neither. A
   second run, paced at half that throughput, gives latency when the pipeline keeps up: per incident,
   from the report's publication to its row's insertion (the same machine's clock). It runs in four
   shapes: one worker of each kind; two enrich workers in one group; one aggregate worker writing the
   embedded store through `embrace warehouse share` (the cost of that hop); two of each kind, the two
   aggregate workers writing the shared store.
2. The reference: one process with kafka-python consuming the same raw topic, decoding each report
   with pydantic and inserting one row per incident into chDB in batches. No validation, no enrichment,
   no second topic: the least any pipeline must do.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kafka import KafkaProducer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import broker, percentile, scratch, table
from bench.pipeline_traffic import WEEK, publish
from bench.reference_consumer import run_reference
from embrace.bus.topic_admin import ensure_topics
from embrace.topics import INCIDENT_REPORTS
from embrace.warehouse import Warehouse
from tests.support.kafka_pipeline import KafkaPipeline, http, wait_until
from tests.support.partner_store import partner_key


@dataclass(frozen=True)
class Shape:
    enrich: int
    aggregate: int
    shared: bool  # the warehouse served by `embrace warehouse share`, as two aggregate workers need

    @property
    def aggregates(self) -> list[str]:
        return ["aggregate", *(f"aggregate-{n}" for n in range(2, self.aggregate + 1))]

    def __str__(self) -> str:
        shared = ", the warehouse shared" if self.shared else ""
        return f"{self.enrich} enrich + {self.aggregate} aggregate{shared}"


SUNK = re.compile(
    r'^embrace_stage_messages_total\{(?=[^}]*stage="sink-incidents")(?=[^}]*outcome="ok")'
    r"[^}]*\} ([0-9.e+]+)$",
    re.MULTILINE,
)
SHAPES = (Shape(1, 1, False), Shape(2, 1, False), Shape(1, 1, True), Shape(2, 2, True))


def counted(pipeline: KafkaPipeline, key: str) -> int:
    status, stats = http(pipeline.url("aggregate", f"/v1/stats/weekly?week={WEEK}"), key)
    return int(stats["incidents"]) if status == 200 else 0


@dataclass(frozen=True)
class PipelineFigures:
    topic: str
    incidents_per_s: float  # draining the backlog, from the first incident counted to the last
    with_start_seconds: float  # from starting enrich on the backlog until the last incident is counted
    paced_rate: float
    paced_ms: list[float]


def written(pipeline: KafkaPipeline, per_report: int, shape: Shape) -> int:
    """Incidents the aggregate workers have written, from their metrics: cheap enough to ask ten times a
    second, where a count in ClickHouse would take the workers' CPU from the pipeline it measures."""
    total = 0
    for name in shape.aggregates:
        with urllib.request.urlopen(pipeline.url(name, "/metrics"), timeout=10) as response:
            text = response.read().decode()
        found = SUNK.search(text)
        total += int(float(found.group(1))) * per_report if found else 0
    return total


def drain(pipeline: KafkaPipeline, key: str, incidents: int, per_report: int,
          shape: Shape) -> tuple[float, float]:  # fmt: skip
    """Start the shape's enrich workers (one consumer group) on a full raw topic: (incidents/s once
    writing began, seconds including start-up)."""
    started = time.perf_counter()
    pipeline.start_all(*(f"enrich-{n}" for n in range(1, shape.enrich + 1)))
    first: tuple[float, int] | None = None
    while (count := written(pipeline, per_report, shape)) < incidents:
        if first is None and count > 0:
            first = (time.perf_counter(), count)
        if time.perf_counter() - started > 1800:
            raise TimeoutError(f"the pipeline wrote {count:,} of {incidents:,} incidents in 30 minutes")
        time.sleep(0.1)
    finished = time.perf_counter()
    # The statistics read rollups, which each aggregate worker recounts on its own tick.
    if not wait_until(lambda: counted(pipeline, key) == incidents, 60, 0.5):
        raise AssertionError(
            f"{shape}: written {incidents:,}, but the statistics count {counted(pipeline, key):,}"
        )
    since, already = first or (started, 0)
    return (incidents - already) / (finished - since), finished - started


def run_pipeline(bootstrap: str, incidents: int, per_report: int, shape: Shape) -> PipelineFigures:
    home = scratch("pipeline")
    namespace = f"bench{uuid.uuid4().hex[:6]}."
    pipeline = KafkaPipeline(home, bootstrap, namespace)
    key = partner_key(home)
    ensure_topics(bootstrap, namespace=namespace)
    if shape.shared:
        pipeline.share_warehouse()
    pipeline.start_all(*shape.aggregates)
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5, batch_size=262144)
    topic = namespace + INCIDENT_REPORTS.name
    try:
        # The backlog is published first, as the reference finds it: the publisher takes no CPU from either.
        publish(producer, topic, incidents // per_report, per_report, None, seed=1)
        throughput, with_start = drain(pipeline, key, incidents, per_report, shape)
        flooded_until = datetime.now(UTC)
        paced = min(incidents, max(per_report * 100, int(throughput * 10 / 2)))  # about 20 s at half speed
        publish(producer, topic, paced // per_report, per_report, throughput / 2, seed=2)
        assert wait_until(
            lambda: counted(pipeline, key) >= incidents + paced // per_report * per_report, 900, 0.2
        )
        for worker in [name for name in pipeline.processes if name != "warehouse"]:
            pipeline.stop(worker)  # an embedded store is let go of; a shared one stays served
        paced_ms = lags(pipeline.warehouse_dsn, flooded_until)
    finally:
        producer.close()
        pipeline.stop_all()
    return PipelineFigures(topic, throughput, with_start, throughput / 2, paced_ms)


def lags(dsn: str, cut: datetime) -> list[float]:
    """Milliseconds from publication to insertion, of each incident published after ``cut``."""
    warehouse = Warehouse.connect(dsn, "embrace")
    lag = (
        "SELECT dateDiff('millisecond', occurred, stored) FROM {db}.incidents "
        "WHERE occurred >= {cut:DateTime64(3)}"
    )
    try:
        return [float(ms) for (ms,) in warehouse.query(lag, {"cut": cut})]
    finally:
        warehouse.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--incidents", type=int, default=300_000)
    parser.add_argument("--per-report", type=int, default=10)
    args = parser.parse_args()
    with broker() as bootstrap:
        print(f"broker {bootstrap}; {args.incidents} incidents in reports of {args.per_report}", flush=True)
        runs = [run_pipeline(bootstrap, args.incidents, args.per_report, shape) for shape in SHAPES]
        reference = run_reference(bootstrap, runs[0].topic, args.incidents)
    print(table(rows(runs, reference)))


def rows(runs: list[PipelineFigures], reference: float) -> list[tuple[str, str]]:
    def latency(values: list[float]) -> str:
        return f"{percentile(values, 0.5):,.0f} / {percentile(values, 0.99):,.0f} ms"

    first = runs[0]
    found = [("pipeline on Kafka, workers", "drained; paced at half: latency p50 / p99")]
    for shape, run in zip(SHAPES, runs, strict=True):
        rate = f"{run.incidents_per_s:,.0f} incidents/s ({run.incidents_per_s / first.incidents_per_s:.2f}x)"
        found.append((f"  {shape}", f"{rate}; at {run.paced_rate:,.0f}/s {latency(run.paced_ms)}"))
    return [
        *found,
        ("  the whole backlog, enrich's start-up included", f"{first.with_start_seconds:.1f} s"),
        ("reference (kafka-python consume, decode, insert)", f"{reference:,.0f} incidents/s"),
        ("ratio pipeline / reference", f"{first.incidents_per_s / reference:.2f}"),
    ]


if __name__ == "__main__":
    main()
