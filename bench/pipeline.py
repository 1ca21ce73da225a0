"""Throughput and latency of the Kafka pipeline, with one and two enrich workers, beside a bare
kafka-python loop on the same broker.

    python bench/pipeline.py [--incidents 300000] [--per-report 10]

1. The pipeline: `embrace serve enrich` and `embrace serve aggregate` as separate processes. A backlog
   of reports (``--per-report`` incidents each) is published straight onto the raw topic, as an
   integrator would, before enrich starts; throughput is the rate at which the pipeline drains it, from
   the first incident counted in ClickHouse to the last (the time including enrich's start-up is shown
   too). Both sides drain a topic that is already full, so the publisher takes CPU from neither. A
   second run, paced at half that throughput, gives latency when the pipeline keeps up: per incident,
   from the report's publication to its row's insertion (the same machine's clock).
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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer, KafkaProducer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import broker, percentile, scratch, table
from embrace.bus.topic_admin import ensure_topics
from embrace.codec import encode
from embrace.contracts import Incident, IncidentReport, Instant, Location
from embrace.topics import INCIDENT_REPORTS
from embrace.warehouse import Warehouse
from tests.support.kafka_pipeline import KafkaPipeline, http, wait_until
from tests.support.partner_store import partner_key

WEEK = "2026-W05"
WEEK_START = datetime(2026, 1, 25, 23, tzinfo=UTC)  # Monday 00:00 in Stockholm
CATEGORIES = ("littering", "graffiti", "vandalism", "disturbing_groups", "dark_place", "theft")


def reports(count: int, per_report: int, seed: int) -> Iterator[IncidentReport]:
    for n in range(count):
        incidents = [
            Incident(
                category=CATEGORIES[(n + i) % len(CATEGORIES)],
                time=Instant(at=WEEK_START + timedelta(seconds=(seed * 7 + n * per_report + i) % 600_000)),
                location=Location(area_id="centrum"),
            )
            for i in range(per_report)
        ]
        now = datetime.now(UTC)
        yield IncidentReport(
            event_id=uuid.uuid4(),
            tenant="0180",
            organisation="kommunen",
            source="municipality",
            channel="kafka",
            occurred=now,
            published=now,
            incidents=incidents,
        )


def publish(
    producer: KafkaProducer, topic: str, count: int, per_report: int, rate: float | None, seed: int
) -> None:
    """Publish ``count`` reports, as fast as possible or paced at ``rate`` incidents/s."""
    started = time.perf_counter()
    for n, report in enumerate(reports(count, per_report, seed)):
        if rate:
            due = started + n * per_report / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
        value = encode(
            report.model_copy(update={"occurred": datetime.now(UTC), "published": datetime.now(UTC)})
        )
        producer.send(topic, key=str(report.event_id).encode(), value=value)
    producer.flush()


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


def written(pipeline: KafkaPipeline, per_report: int) -> int:
    """Incidents the aggregate worker has written, from its metrics: cheap enough to ask ten times a
    second, where a count in ClickHouse would take the worker's CPU from the pipeline it measures."""
    with urllib.request.urlopen(pipeline.url("aggregate", "/metrics"), timeout=10) as response:
        text = response.read().decode()
    found = re.search(r'^embrace_stage_messages_total\{(?=[^}]*stage="sink-incidents")(?=[^}]*outcome="ok")'
                      r"[^}]*\} ([0-9.e+]+)$", text, re.MULTILINE)  # fmt: skip
    return int(float(found.group(1))) * per_report if found else 0


def drain(pipeline: KafkaPipeline, key: str, incidents: int, per_report: int,
          workers: int) -> tuple[float, float]:  # fmt: skip
    """Start ``workers`` enrich workers (one consumer group) on a full raw topic: (incidents/s once
    writing began, seconds including start-up)."""
    started = time.perf_counter()
    for n in range(1, workers + 1):
        pipeline.start_all(f"enrich-{n}")
    first: tuple[float, int] | None = None
    while (count := written(pipeline, per_report)) < incidents:
        if first is None and count > 0:
            first = (time.perf_counter(), count)
        if time.perf_counter() - started > 1800:
            raise TimeoutError(f"the pipeline wrote {count:,} of {incidents:,} incidents in 30 minutes")
        time.sleep(0.1)
    finished = time.perf_counter()
    if counted(pipeline, key) != incidents:
        raise AssertionError(f"written {incidents:,}, but the statistics count {counted(pipeline, key):,}")
    since, already = first or (started, 0)
    return (incidents - already) / (finished - since), finished - started


def run_pipeline(bootstrap: str, incidents: int, per_report: int, workers: int) -> PipelineFigures:
    home = scratch("pipeline")
    namespace = f"bench{uuid.uuid4().hex[:6]}."
    pipeline = KafkaPipeline(home, bootstrap, namespace)
    key = partner_key(home)
    ensure_topics(bootstrap, namespace=namespace)
    pipeline.start("aggregate")
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5, batch_size=262144)
    topic = namespace + INCIDENT_REPORTS.name
    try:
        # The backlog is published first, as the reference finds it: the publisher takes no CPU from either.
        publish(producer, topic, incidents // per_report, per_report, None, seed=1)
        throughput, with_start = drain(pipeline, key, incidents, per_report, workers)
        flooded_until = datetime.now(UTC)
        paced = min(incidents, max(per_report * 100, int(throughput * 10 / 2)))  # about 20 s at half speed
        publish(producer, topic, paced // per_report, per_report, throughput / 2, seed=2)
        assert wait_until(
            lambda: counted(pipeline, key) >= incidents + paced // per_report * per_report, 900, 0.2
        )
    finally:
        producer.close()
        pipeline.stop_all()
    warehouse = Warehouse.connect(f"chdb://{home / 'clickhouse'}", "embrace")
    lag = (
        "SELECT dateDiff('millisecond', occurred, stored) FROM {db}.incidents "
        "WHERE occurred >= {cut:DateTime64(3)}"
    )
    try:
        paced_ms = [float(ms) for (ms,) in warehouse.query(lag, {"cut": flooded_until})]
    finally:
        warehouse.close()
    return PipelineFigures(topic, throughput, with_start, throughput / 2, paced_ms)


ROW_COLUMNS = (
    "tenant",
    "report_id",
    "report_version",
    "incident_index",
    "category",
    "time_start",
    "occurred",
)


def run_reference(bootstrap: str, topic: str, incidents: int) -> float:
    """Bare kafka-python: consume, decode with pydantic, insert one row per incident in batches."""
    store = scratch("reference") / "clickhouse"
    warehouse = Warehouse.connect(f"chdb://{store}", "reference")
    warehouse.command(
        "CREATE TABLE IF NOT EXISTS {db}.incidents (tenant String, report_id UUID, report_version UInt32, "
        "incident_index UInt16, category String, time_start DateTime64(3, 'UTC'), "
        "occurred DateTime64(3, 'UTC')) "
        "ENGINE = ReplacingMergeTree(report_version) ORDER BY (tenant, report_id, incident_index)"
    )
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"reference-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_poll_records=2000,
    )
    inserted = 0
    started = time.perf_counter()
    try:
        while inserted < incidents:
            batch: list[tuple[Any, ...]] = []
            for records in consumer.poll(timeout_ms=500).values():
                for record in records:
                    report = IncidentReport.model_validate_json(record.value)
                    batch.extend(
                        (
                            report.tenant,
                            report.event_id,
                            report.version,
                            i,
                            inc.category,
                            inc.time.at if inc.time.kind == "instant" else inc.time.start,
                            report.occurred,
                        )
                        for i, inc in enumerate(report.incidents)
                    )
            if batch:
                warehouse.insert("incidents", ROW_COLUMNS, batch)
                consumer.commit()
                inserted += len(batch)
        return inserted / (time.perf_counter() - started)
    finally:
        consumer.close()
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
        figures = run_pipeline(bootstrap, args.incidents, args.per_report, 1)
        two = run_pipeline(bootstrap, args.incidents, args.per_report, 2)
        reference = run_reference(bootstrap, figures.topic, args.incidents)

    def latency(values: list[float]) -> str:
        return f"{percentile(values, 0.5):,.0f} / {percentile(values, 0.99):,.0f} ms"

    print(
        table(
            [
                ("pipeline (enrich + aggregate on Kafka)", f"{figures.incidents_per_s:,.0f} incidents/s"),
                (
                    "  with two enrich workers in one group",
                    f"{two.incidents_per_s:,.0f} incidents/s "
                    f"({two.incidents_per_s / figures.incidents_per_s:.2f}x)",
                ),
                ("  the whole backlog, enrich's start-up included", f"{figures.with_start_seconds:.1f} s"),
                (f"  latency paced at {figures.paced_rate:,.0f}/s, p50 / p99", latency(figures.paced_ms)),
                ("reference (kafka-python consume, decode, insert)", f"{reference:,.0f} incidents/s"),
                ("ratio pipeline / reference", f"{figures.incidents_per_s / reference:.2f}"),
            ]
        )
    )


if __name__ == "__main__":
    main()
