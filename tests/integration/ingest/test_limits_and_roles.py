"""The reports API's limits (body size, request rate), roles and metrics."""

from __future__ import annotations

from pathlib import Path

from embrace.settings import Settings
from embrace.sqlstore.outbox import backlog
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth, embedded_system

WEEK = weeks_ago(2)


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
