"""The HTTP API of the embedded system: accept = commit, then the relay feeds the pipeline."""

from __future__ import annotations

from sqlalchemy import select

from embrace.sqlstore.outbox import backlog
from embrace.sqlstore.tables import StoredReport
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth

WEEK = weeks_ago(2)
THREE_INCIDENTS = WEEK.three_incidents()


def test_an_accepted_report_is_committed_before_the_answer_and_counted_after_the_relay(
    system: System,
) -> None:
    key = system.add_partner("0180", "stadsdelen")
    answer = system.client.post("/v1/reports", json=THREE_INCIDENTS, headers=auth(key))
    assert answer.status_code == 202
    body = answer.json()
    assert (body["incidents"], body["version"], body["reporting_week"]) == (3, 1, WEEK.label)
    assert answer.headers["Location"] == f"/v1/reports/{body['id']}"
    with system.sql_store.session() as session:
        assert session.scalars(select(StoredReport.id)).all() == [body["id"]]
        assert backlog(session) == 1
    assert system.relay.drain() == 1
    stats = system.client.get("/v1/stats/weekly", params={"week": WEEK.label}, headers=auth(key)).json()
    assert stats == {
        "tenant": "0180",
        "week": WEEK.label,
        "incidents": 3,
        "by_category": {"littering": 1, "graffiti": 1, "disturbing_groups": 1},
        "by_group": {"insecurity": 3},
        "by_source": {"municipality": 3},
    }


def test_the_tenant_comes_from_the_key_and_a_payload_naming_one_is_refused(system: System) -> None:
    key = system.add_partner("0180", "stadsdelen")
    answer = system.client.post("/v1/reports", json={**THREE_INCIDENTS, "tenant": "0114"}, headers=auth(key))
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == ["tenant"]


def test_each_tenant_sees_only_its_own_statistics(system: System) -> None:
    stockholm = system.add_partner("0180", "stadsdelen")
    uppsala = system.add_partner("0380", "kommunen")
    system.client.post("/v1/reports", json=THREE_INCIDENTS, headers=auth(stockholm))
    system.relay.drain()
    mine = system.client.get(f"/v1/stats/weekly?week={WEEK.label}", headers=auth(uppsala)).json()
    assert (mine["tenant"], mine["incidents"]) == ("0380", 0)


def test_bad_incidents_are_named_field_by_field(system: System) -> None:
    key = system.add_partner("0180", "stadsdelen")
    bad = {
        "incidents": [{**THREE_INCIDENTS["incidents"][0], "category": "ufo"}, THREE_INCIDENTS["incidents"][1]]
    }
    answer = system.client.post("/v1/reports", json=bad, headers={**auth(key), "Accept-Language": "en"})
    problem = answer.json()
    assert (answer.status_code, problem["title"], problem["status"]) == (422, "Invalid data", 422)
    assert problem["errors"] == [
        {"field": "incidents.0.category", "code": "unknown_category", "message": "Unknown category: ufo."}
    ]
    with system.sql_store.session() as session:
        assert backlog(session) == 0


def test_without_a_valid_key_nothing_is_accepted(system: System) -> None:
    for headers in ({}, auth("emb_00000000_nope"), {"X-API-Key": "garbage"}):
        answer = system.client.post("/v1/reports", json=THREE_INCIDENTS, headers=headers)
        assert answer.status_code == 401
        assert answer.headers["WWW-Authenticate"] == "Bearer"
        assert answer.json()["title"] == "Inloggning krävs"


def test_an_integrator_may_send_the_key_in_x_api_key(system: System) -> None:
    key = system.add_partner("0180", "stadsdelen")
    assert (
        system.client.post("/v1/reports", json=THREE_INCIDENTS, headers={"X-API-Key": key}).status_code == 202
    )


def test_operations_endpoints_answer(system: System) -> None:
    assert system.client.get("/healthz").json() == {"status": "ok"}
    assert system.client.get("/readyz").json() == {
        "status": "ready",
        "checks": {"sql": True, "warehouse": True, "pipeline": True},
    }
    system.client.get("/healthz")
    metrics = system.client.get("/metrics").text
    assert 'embrace_http_requests_total{method="GET",route="/healthz",status="200"}' in metrics
    assert "embrace_outbox_backlog 0.0" in metrics


def test_the_openapi_document_is_published(system: System) -> None:
    spec = system.client.get("/openapi.json").json()
    assert {"/v1/reports", "/v1/stats/weekly", "/healthz"} <= set(spec["paths"])
    assert system.client.get("/docs").status_code == 200
