"""What the Kafka pipeline tests send (reports, malformed messages) and how they count what arrived."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from embrace.warehouse import Warehouse
from tests.support.kafka_pipeline import KafkaPipeline, http
from tests.support.payloads import weeks_ago

FIRST = weeks_ago(4)  # three whole weeks, all in the past
WEEKS = tuple(weeks_ago(n).label for n in (4, 3, 2))
BASE = FIRST.monday


def reports(count: int, incidents_each: int) -> Iterator[dict[str, Any]]:
    categories = ("littering", "graffiti", "vandalism", "disturbing_groups", "dark_place")
    for n in range(count):
        yield {
            "incidents": [
                {
                    "category": categories[(n + i) % len(categories)],
                    # 15 minutes apart: 2,000 incidents fit in the three weeks counted.
                    "time": {
                        "kind": "instant",
                        "at": (BASE + timedelta(minutes=15 * (n * incidents_each + i))).isoformat(),
                    },
                    "location": {"area_id": "centrum"},
                }
                for i in range(incidents_each)
            ]
        }


def counted(pipeline: KafkaPipeline, key: str) -> int:
    """Incidents of the three weeks by the aggregate worker's statistics; -1 while it cannot answer."""
    total = 0
    for week in WEEKS:
        status, stats = http(pipeline.url("aggregate", f"/v1/stats/weekly?week={week}"), key)
        if status != 200:
            return -1
        total += stats["incidents"]
    return total


def malformed_messages() -> list[bytes]:
    return [
        *(b"{broken json %d" % n for n in range(5)),
        *(json.dumps({"tenant": "0180", "note": n}).encode() for n in range(5)),
        *(b"\xff\xfe" * n for n in range(1, 6)),
        *(
            json.dumps({"event_id": "not-a-uuid", "tenant": "180", "incidents": [n]}).encode()
            for n in range(5)
        ),
    ]


def stored(pipeline: KafkaPipeline) -> tuple[int, int, list[str]]:
    """Counts read straight from the warehouse: an embedded store once the aggregate worker has let go of
    it, or the store shared with the workers."""
    warehouse = Warehouse.connect(pipeline.warehouse_dsn, "embrace")
    try:
        ((current, distinct),) = warehouse.query(
            "SELECT count(), uniqExact(event_id) FROM {db}.current_incidents"
        )
        reasons = [row[0] for row in warehouse.query("SELECT reason FROM {db}.dead_letters FINAL")]
    finally:
        warehouse.close()
    return current, distinct, reasons
