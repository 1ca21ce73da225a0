"""The reports API's rules: each names the bad field, in Swedish or English; free text is scrubbed;
places are checked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from embrace.contracts import IncidentReport
from embrace.settings import Settings
from embrace.sqlstore.tables import OutboxMessage, StoredReport
from embrace.topics import INCIDENT_REPORTS
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth, embedded_system

WEEK = weeks_ago(2)


# --- rules -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("incident", "field", "code"),
    [
        (
            {"time": {"kind": "instant", "at": (datetime.now(UTC) + timedelta(days=1)).isoformat()}},
            "incidents.0.time.at",
            "in_future",
        ),
        (
            {"time": {"kind": "instant", "at": (datetime.now(UTC) - timedelta(days=401)).isoformat()}},
            "incidents.0.time.at",
            "too_old",
        ),
        ({"time": {"kind": "instant", "at": "2026-11-01T10:00:00"}}, "incidents.0.time.at", "timezone_aware"),
        (
            {"time": {"kind": "instant", "at": "yesterday"}},
            "incidents.0.time.at",
            "datetime_from_date_parsing",
        ),
        (
            {"time": {"kind": "window", "start": WEEK.at(2, 8), "end": WEEK.at(2, 6)}},
            "incidents.0.time",
            "window_order",
        ),
        (
            {"location": {"point": {"lat": 59.3, "lon": "east"}}},
            "incidents.0.location.point.lon",
            "float_parsing",
        ),
        ({"location": {}}, "incidents.0.location", "location_missing"),
        ({"description": "x" * 2001}, "incidents.0.description", "string_too_long"),
        ({"category": "ufo"}, "incidents.0.category", "unknown_category"),
        ({"severity": "high"}, "incidents.0.severity", "extra_forbidden"),
    ],
)
def test_each_rule_names_the_bad_field(
    system: System, key: str, incident: dict[str, Any], field: str, code: str
) -> None:
    answer = system.client.post(
        "/v1/reports", json={"incidents": [{**WEEK.incident(), **incident}]}, headers=auth(key)
    )
    assert answer.status_code == 422
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [(field, code)]


@pytest.mark.parametrize("named", ["tenant", "organisation", "source"])
def test_a_payload_naming_who_reports_is_refused(system: System, key: str, named: str) -> None:
    answer = system.client.post("/v1/reports", json={**WEEK.three_incidents(), named: "x"}, headers=auth(key))
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (422, named)


def test_messages_come_in_swedish_by_default_and_english_on_request(system: System, key: str) -> None:
    body = {"incidents": [WEEK.incident("ufo")]}
    swedish = system.client.post("/v1/reports", json=body, headers=auth(key)).json()
    english = system.client.post(
        "/v1/reports", json=body, headers=auth(key, **{"Accept-Language": "en-GB,en;q=0.8"})
    ).json()
    assert (swedish["title"], swedish["errors"][0]["message"]) == (
        "Ogiltiga uppgifter",
        "Okänd kategori: ufo.",
    )
    assert (english["title"], english["errors"][0]["message"]) == ("Invalid data", "Unknown category: ufo.")


def test_personal_data_in_free_text_is_scrubbed_before_it_is_stored_or_published(
    system: System, key: str
) -> None:
    incident = WEEK.incident(description="Boende 811218-9876 ringde från 070-123 45 67, mejl a@b.se")
    incident["location"] = {"address": "Storgatan 1, port hos anna@exempel.se"}
    accepted = system.client.post("/v1/reports", json={"incidents": [incident]}, headers=auth(key)).json()
    with system.sql_store.session() as session:
        stored = IncidentReport.model_validate(session.get(StoredReport, accepted["id"]).payload)  # type: ignore[union-attr]
        published = IncidentReport.model_validate_json(
            session.scalars(
                select(OutboxMessage.value).where(OutboxMessage.topic == INCIDENT_REPORTS.name)
            ).one()
        )
    for report in (stored, published):
        assert (
            report.incidents[0].description
            == "Boende [personnummer] ringde från [telefonnummer], mejl [e-post]"
        )
        assert report.incidents[0].location.address == "Storgatan 1, port hos [e-post]"


# --- places ------------------------------------------------------------------------------------------------


@pytest.fixture
def with_boundaries(settings: Settings, data_dir: Path) -> Iterator[System]:
    with embedded_system(
        settings, boundaries=data_dir / "geo" / "swedish_municipalities.geojson"
    ) as assembled:
        yield assembled


def test_with_boundaries_a_point_in_copenhagen_is_not_in_sweden(with_boundaries: System) -> None:
    key = with_boundaries.add_partner("0180", "stadsdelen")
    copenhagen = WEEK.incident(location={"point": {"lat": 55.6761, "lon": 12.5683}})
    answer = with_boundaries.client.post("/v1/reports", json={"incidents": [copenhagen]}, headers=auth(key))
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [
        ("incidents.0.location.point", "outside_sweden")
    ]


def test_a_point_far_outside_the_municipality_is_accepted_and_flagged(with_boundaries: System) -> None:
    key = with_boundaries.add_partner("0180", "stadsdelen")
    uppsala = WEEK.incident(location={"point": {"lat": 59.8586, "lon": 17.6389}})
    answer = with_boundaries.client.post(
        "/v1/reports", json={"incidents": [uppsala, WEEK.incident()]}, headers=auth(key)
    )
    warnings = answer.json()["warnings"]
    assert (answer.status_code, [(w["field"], w["code"]) for w in warnings]) == (
        202,
        [("incidents.0.location.point", "far_outside_municipality")],
    )
    assert "km utanför kommunen" in warnings[0]["message"]
    with_boundaries.relay.drain()
    flags = with_boundaries.warehouse.query(
        "SELECT flags FROM {db}.current_incidents ORDER BY incident_index"
    )
    assert flags == [(["far_outside_municipality"],), (["unresolved_address"],)]


def test_an_area_the_tenant_did_not_register_is_refused_once_it_has_areas(system: System) -> None:
    admin = system.add_partner("0180", "kommunen", role="admin")
    square = [[18.0, 59.3], [18.01, 59.3], [18.01, 59.31], [18.0, 59.31], [18.0, 59.3]]
    area = {
        "type": "Feature",
        "properties": {"id": "centrum", "name": "Centrum"},
        "geometry": {"type": "Polygon", "coordinates": [square]},
    }
    assert (
        system.client.post(
            "/v1/reports",
            json={"incidents": [WEEK.incident(location={"area_id": "norr"})]},
            headers=auth(admin),
        ).status_code
        == 202
    )
    system.client.post("/v1/areas", json=area, headers=auth(admin))
    answer = system.client.post(
        "/v1/reports", json={"incidents": [WEEK.incident(location={"area_id": "norr"})]}, headers=auth(admin)
    )
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [
        ("incidents.0.location.area_id", "unknown_area")
    ]
    named_later = [
        {"incidents": [WEEK.incident()]},
        {"incidents": [WEEK.incident(location={"area_id": "norr"})]},
    ]
    batch = system.client.post("/v1/reports/batch", json={"reports": named_later}, headers=auth(admin))
    assert [e["field"] for e in batch.json()["errors"]] == ["reports.1.incidents.0.location.area_id"]
