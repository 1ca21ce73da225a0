"""The reference of `bench/pipeline.py`: the least any pipeline must do with a raw topic, in one
process with kafka-python: consume, decode each report with pydantic, insert one row per incident into
chDB in batches. No validation, no enrichment, no second topic."""

from __future__ import annotations

import time
import uuid
from typing import Any

from kafka import KafkaConsumer

from bench.measure import scratch
from embrace.contracts import IncidentReport
from embrace.warehouse import Warehouse

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
    warehouse = Warehouse.connect(f"chdb://{scratch('reference') / 'clickhouse'}", "reference")
    warehouse.command(
        "CREATE TABLE IF NOT EXISTS {db}.incidents (tenant String, report_id UUID, report_version UInt32, "
        "incident_index UInt16, category String, time_start DateTime64(3, 'UTC'), "
        "occurred DateTime64(3, 'UTC')) "
        "ENGINE = ReplacingMergeTree(report_version) ORDER BY (tenant, report_id, incident_index)"
    )
    consumer = KafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=f"reference-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest", enable_auto_commit=False, max_poll_records=2000,
    )  # fmt: skip
    inserted = 0
    started = time.perf_counter()
    try:
        while inserted < incidents:
            batch = [row for records in consumer.poll(timeout_ms=500).values() for row in _rows(records)]
            if batch:
                warehouse.insert("incidents", ROW_COLUMNS, batch)
                consumer.commit()
                inserted += len(batch)
        return inserted / (time.perf_counter() - started)
    finally:
        consumer.close()
        warehouse.close()


def _rows(records: list[Any]) -> list[tuple[Any, ...]]:
    """One row per incident of each report."""
    rows: list[tuple[Any, ...]] = []
    for record in records:
        report = IncidentReport.model_validate_json(record.value)
        rows.extend(
            (report.tenant, report.event_id, report.version, i, inc.category,
             inc.time.at if inc.time.kind == "instant" else inc.time.start, report.occurred)
            for i, inc in enumerate(report.incidents)
        )  # fmt: skip
    return rows
