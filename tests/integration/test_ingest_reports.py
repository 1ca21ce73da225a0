"""The reports API: batch, list, read, correct, withdraw, idempotency, rules, limits, roles, metrics."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from embrace.contracts import IncidentReport
from embrace.settings import Settings
from embrace.sqlstore.outbox import backlog
from embrace.sqlstore.tables import OutboxMessage, StoredReport
from tests.support.payloads import weeks_ago
from tests.support.system import System, embedded_system

WEEK = weeks_ago(2)


@pytest.fixture
def key(system: System) -> str:
    return system.add_partner("0180", "stadsdelen")


def auth(key: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", **headers}


def counted(system: System, key: str) -> dict[str, int]:
    system.relay.drain()
    by_category: dict[str, int] = system.client.get(
        f"/v1/stats/weekly?week={WEEK.label}", headers=auth(key)
    ).json()["by_category"]
    return by_category


def rows(system: System, table: type[Any]) -> int:
    with system.sql_store.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


# --- batch -------------------------------------------------------------------------------------------------


def test_a_batch_of_reports_is_accepted_whole(system: System, key: str) -> None:
    reports = [{"incidents": [WEEK.incident("graffiti", day) for _ in range(3)]} for day in range(5)]
    answer = system.client.post("/v1/reports/batch", json={"reports": reports}, headers=auth(key))
    assert answer.status_code == 202
    assert (answer.json()["accepted"], answer.json()["incidents"]) == (5, 15)
    assert counted(system, key) == {"graffiti": 15}


def test_a_batch_with_bad_reports_names_every_bad_field_and_stores_nothing(system: System, key: str) -> None:
    reports = [
        {"incidents": [WEEK.incident()]},
        {"incidents": [WEEK.incident("ufo")]},
        {"incidents": [WEEK.incident(), WEEK.incident("alien")]},
    ]
    answer = system.client.post("/v1/reports/batch", json={"reports": reports}, headers=auth(key))
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [
        "reports.1.incidents.0.category",
        "reports.2.incidents.1.category",
    ]
    assert rows(system, StoredReport) == 0


def test_a_batch_holds_at_most_1000_reports(system: System, key: str) -> None:
    reports = [{"incidents": [WEEK.incident()]}] * 1001
    answer = system.client.post("/v1/reports/batch", json={"reports": reports}, headers=auth(key))
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (422, "reports")


# --- list and read -----------------------------------------------------------------------------------------


def test_an_organisation_lists_its_own_reports_of_a_week(system: System, key: str) -> None:
    neighbour = system.add_partner("0180", "bostadsbolaget", "housing")
    mine = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key)).json()
    system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(neighbour))
    listed = system.client.get(f"/v1/reports?week={WEEK.label}", headers=auth(key)).json()
    assert [r["id"] for r in listed["reports"]] == [mine["id"]]
    assert listed["reports"][0]["status"] == "active"
    assert len(listed["reports"][0]["incidents"]) == 3
    other_week = system.client.get(f"/v1/reports?week={weeks_ago(5).label}", headers=auth(key)).json()
    assert other_week["reports"] == []


def test_a_report_is_read_with_its_version_as_etag(system: System, key: str) -> None:
    accepted = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key)).json()
    answer = system.client.get(f"/v1/reports/{accepted['id']}", headers=auth(key))
    assert (answer.status_code, answer.headers["ETag"], answer.json()["version"]) == (200, '"1"', 1)


# --- correct and withdraw ----------------------------------------------------------------------------------


def test_a_correction_is_a_new_version_and_the_counts_follow(system: System, key: str) -> None:
    accepted = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key)).json()
    assert counted(system, key) == {"littering": 1, "graffiti": 1, "disturbing_groups": 1}
    corrected = system.client.patch(
        f"/v1/reports/{accepted['id']}",
        json={"incidents": [WEEK.incident("vandalism")]},
        headers=auth(key, **{"If-Match": '"1"'}),
    )
    assert (corrected.status_code, corrected.json()["version"]) == (202, 2)
    assert counted(system, key) == {"vandalism": 1}


def test_a_correction_based_on_an_old_version_is_refused(system: System, key: str) -> None:
    accepted = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key)).json()
    system.client.patch(
        f"/v1/reports/{accepted['id']}", json={"reporting_week": WEEK.label}, headers=auth(key)
    )
    stale = system.client.patch(
        f"/v1/reports/{accepted['id']}",
        json={"incidents": [WEEK.incident()]},
        headers=auth(key, **{"If-Match": '"1"'}),
    )
    assert (stale.status_code, stale.headers["ETag"]) == (412, '"2"')


def test_a_withdrawn_report_leaves_the_counts_and_withdrawing_again_changes_nothing(
    system: System, key: str
) -> None:
    accepted = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key)).json()
    first = system.client.delete(f"/v1/reports/{accepted['id']}", headers=auth(key))
    again = system.client.delete(f"/v1/reports/{accepted['id']}", headers=auth(key))
    assert (first.status_code, first.json()["status"], first.json()["version"]) == (202, "withdrawn", 2)
    assert again.json()["version"] == 2
    assert counted(system, key) == {}
    patched = system.client.patch(
        f"/v1/reports/{accepted['id']}", json={"incidents": [WEEK.incident()]}, headers=auth(key)
    )
    assert patched.status_code == 409


# --- idempotency -------------------------------------------------------------------------------------------


def test_a_repeated_request_with_the_same_key_gets_the_first_answer_and_stores_nothing_twice(
    system: System, key: str
) -> None:
    headers = auth(key, **{"Idempotency-Key": "weekly-2026-47"})
    first = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=headers)
    second = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=headers)
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert (rows(system, StoredReport), rows(system, OutboxMessage)) == (1, 1)


def test_the_same_key_for_a_different_request_is_refused(system: System, key: str) -> None:
    headers = auth(key, **{"Idempotency-Key": "k-1"})
    system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=headers)
    other = system.client.post("/v1/reports", json={"incidents": [WEEK.incident()]}, headers=headers)
    assert (other.status_code, other.json()["type"]) == (
        422,
        "https://embrace-platform.se/problems/idempotency-key-reused",
    )
    assert rows(system, StoredReport) == 1


def test_concurrent_twins_store_one_report(system: System, key: str) -> None:
    headers = auth(key, **{"Idempotency-Key": "twin"})
    answers: list[Any] = []

    def send() -> None:
        answers.append(system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=headers))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {a.status_code for a in answers} == {202}
    assert len({a.json()["id"] for a in answers}) == 1
    assert rows(system, StoredReport) == 1


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
        published = IncidentReport.model_validate_json(session.scalars(select(OutboxMessage.value)).one())
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


# --- limits and roles --------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_with_413(system: System, key: str) -> None:
    huge = {"incidents": [WEEK.incident(description="x" * 1900) for _ in range(200)] * 3}
    answer = system.client.post("/v1/reports", json=huge, headers=auth(key))
    assert (answer.status_code, answer.headers["content-type"]) == (413, "application/problem+json")


def test_too_many_requests_get_429_with_retry_after(tmp_path: Path, settings: Settings) -> None:
    limited = settings.model_copy(update={"rate_limit_per_minute": 60, "rate_limit_burst": 3})
    with embedded_system(limited) as system:
        key = system.add_partner("0180", "stadsdelen")
        statuses = [system.client.get("/v1/reports", headers=auth(key)).status_code for _ in range(5)]
        refused = system.client.get("/v1/reports", headers=auth(key))
    assert statuses[:3] == [200, 200, 200]
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1


def test_an_analyst_reads_but_does_not_report(system: System) -> None:
    analyst = system.add_partner("0180", "analys", role="analyst")
    assert (
        system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(analyst)).status_code
        == 403
    )
    assert system.client.get(f"/v1/stats/weekly?week={WEEK.label}", headers=auth(analyst)).status_code == 200


def test_a_regional_key_reads_every_tenant_and_others_only_their_own(system: System, key: str) -> None:
    regional = system.add_partner("0180", "lansstyrelsen", role="regional")
    other = system.add_partner("0380", "kommunen")
    system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(other))
    system.relay.drain()
    seen = system.client.get(f"/v1/stats/weekly?week={WEEK.label}&tenant=0380", headers=auth(regional)).json()
    assert (seen["tenant"], seen["incidents"]) == ("0380", 3)
    assert (
        system.client.get(f"/v1/stats/weekly?tenant=0380&week={WEEK.label}", headers=auth(key)).status_code
        == 403
    )


def test_metrics_count_accepted_incidents_and_rejections_by_reason(system: System, key: str) -> None:
    system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key))
    system.client.post("/v1/reports", json={"incidents": [WEEK.incident("ufo")]}, headers=auth(key))
    system.client.post("/v1/reports", json=WEEK.three_incidents())
    metrics = system.client.get("/metrics").text
    assert 'embrace_incidents_accepted_total{channel="api"} 3.0' in metrics
    assert 'embrace_http_rejections_total{reason="unknown_category"} 1.0' in metrics
    assert 'embrace_http_rejections_total{reason="unauthenticated"} 1.0' in metrics
    assert "embrace_outbox_backlog 1.0" in metrics
    with system.sql_store.session() as session:
        assert backlog(session) == 1
