"""The traffic of `bench/pipeline.py`: reports of one week in Stockholm, as an integrator publishes them
straight onto the raw topic, as fast as possible or paced."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from kafka import KafkaProducer

from embrace.codec import encode
from embrace.contracts import Incident, IncidentReport, Instant, Location

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
