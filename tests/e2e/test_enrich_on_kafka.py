"""Enrich on the real broker: official boundaries, an area drawn while it runs, and an unplaceable report."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka import KafkaProducer

from embrace.contracts import DeadLetter
from embrace.topics import INCIDENT_REPORTS, dead_letters
from embrace.warehouse import Warehouse
from tests.support.builders import incident, report
from tests.support.kafka_pipeline import KafkaPipeline, http, wait_until
from tests.support.partner_store import partner_key
from tests.support.payloads import area, weeks_ago
from tests.support.pipeline_watch import read_topic
from tests.support.processes import run_embrace

pytestmark = pytest.mark.kafka
WEEK = weeks_ago(2)
TORGET = [[18.060, 59.330], [18.070, 59.330], [18.070, 59.335], [18.060, 59.335], [18.060, 59.330]]


@pytest.fixture
def pipeline(tmp_path: Path, kafka_bootstrap: str, topic_namespace: str) -> Iterator[KafkaPipeline]:
    running = KafkaPipeline(tmp_path / "home", kafka_bootstrap, topic_namespace)
    yield running
    running.stop_all()


def at(lat: float, lon: float, day: int) -> dict[str, object]:
    return {**WEEK.incident(day=day), "location": {"point": {"lat": lat, "lon": lon}}}


def test_enrich_places_by_the_boundaries_follows_new_areas_and_dead_letters_what_it_cannot_place(
    pipeline: KafkaPipeline, kafka_bootstrap: str, topic_namespace: str, data_dir: Path
) -> None:
    key = partner_key(pipeline.home, role="admin")
    imported = run_embrace(
        pipeline.home, "geo", "import", str(data_dir / "geo" / "swedish_municipalities.geojson")
    )
    assert imported.returncode == 0, imported.stderr
    pipeline.start_all("enrich", "aggregate", "ingest")

    before = [at(59.332, 18.065, day=1), at(55.6050, 13.0038, day=2)]  # in the coming hot spot; in Malmö
    assert http(pipeline.url("ingest", "/v1/reports"), key, {"incidents": before})[0] == 202
    assert http(pipeline.url("ingest", "/v1/areas"), key, area("torget", TORGET))[0] == 200
    time.sleep(3)  # the enrich worker follows the areas topic while it runs
    assert (
        http(pipeline.url("ingest", "/v1/reports"), key, {"incidents": [at(59.333, 18.066, day=3)]})[0] == 202
    )

    copenhagen = published_from_copenhagen(kafka_bootstrap, topic_namespace)

    def counted() -> int:
        status, stats = http(pipeline.url("aggregate", f"/v1/stats/weekly?week={WEEK.label}"), key)
        return int(stats["incidents"]) if status == 200 else -1

    assert wait_until(lambda: counted() == 3, timeout=120), counted()
    [published] = read_topic(kafka_bootstrap, topic_namespace + dead_letters("enrich-reports").name, 1)
    letter = DeadLetter.model_validate_json(published)
    assert "location.point: the point is not in Sweden" in letter.reason
    assert json.loads(letter.original)["event_id"] == str(copenhagen)

    time.sleep(2)  # the area's re-assignment of history is written with the area itself
    assert pipeline.stop("aggregate") == 0, pipeline.last_words("aggregate")
    assert stored_places(pipeline) == [
        (["torget"], "0180", "01", "point", True),  # stored before the area was drawn: history follows
        ([], "1280", "12", "point", True),  # reported by Stockholm, happened in Malmö
        (["torget"], "0180", "01", "point", True),  # after: enrich knew the area without a restart
    ]


def published_from_copenhagen(bootstrap: str, namespace: str) -> uuid.UUID:
    """A report of an incident in Copenhagen, straight onto the reports topic as an integrator would."""
    copenhagen = report(incident(point=(55.6761, 12.5683)), tenant="0180")
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    producer.send(namespace + INCIDENT_REPORTS.name, key=b"cph", value=copenhagen.model_dump_json().encode())
    producer.flush()
    producer.close()
    return copenhagen.event_id


def stored_places(pipeline: KafkaPipeline) -> list[tuple[object, ...]]:
    """Where each stored incident was placed, in the order they happened (the aggregate worker stopped)."""
    store = Warehouse.connect(f"chdb://{pipeline.home / 'clickhouse'}", "embrace")
    try:
        rows = store.query(
            "SELECT area_ids, municipality_code, county_code, location_precision, h3_r9 != 0 "
            "FROM {db}.current_incidents ORDER BY time_start"
        )
    finally:
        store.close()
    return [tuple(row) for row in rows]
