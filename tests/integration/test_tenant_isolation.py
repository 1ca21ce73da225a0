"""Organisation A can read or change nothing of tenant B, through any endpoint.

The test enumerates the application's routes: an endpoint added later without a case here fails it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from embrace.contracts import Incident
from embrace.settings import Settings
from embrace.sqlstore.tables import Draft, StoredIntervention, StoredReport, User
from tests.support.payloads import area, plan, weeks_ago
from tests.support.system import System, auth, embedded_system

WEEK = weeks_ago(2)
# Routes that hold no tenant data at all.
PUBLIC = {
    "/v1/subscriptions/unsubscribe",  # the token of a mailed link is the key
    "/healthz",
    "/readyz",
    "/metrics",
    "/openapi.json",
    "/docs",
    "/docs/oauth2-redirect",
    "/redoc",
    "/app",
    "/app/login",
    "/app/language/{language}",
    "/app/logout",
}


B_ONLY_AREA = "b-torget"  # an area only tenant B has
B_ONLY_ORG = "b-polisen"  # an organisation only tenant B has


@dataclass
class Tenants:
    system: System
    key_a: str
    key_b: str
    report_b: str
    intervention_b: str
    web_a: Any
    draft_b: list[dict[str, Any]]  # what a person of B has in the draft of this week's report
    user_b: int
    problem_b: str
    task_b: str


@pytest.fixture
def tenants(settings: Settings) -> Iterator[Tenants]:
    with embedded_system(settings) as system:
        key_a = system.add_partner("0180", "kommunen", role="admin")
        key_b = system.add_partner("0380", "kommunen", role="admin")
        for key in (key_a, key_b):
            system.client.post("/v1/areas", json=area("centrum"), headers=auth(key))
        system.client.post("/v1/areas", json=area(B_ONLY_AREA), headers=auth(key_b))
        system.add_partner("0380", B_ONLY_ORG, kind="police")
        system.add_person("0380", "kommunen", "bo@b.se", "reporter")
        report_b = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key_b)).json()[
            "id"
        ]
        intervention_b = system.client.post("/v1/interventions", json=plan(), headers=auth(key_b)).json()[
            "id"
        ]
        problem_b, task_b = _loop_of_b(system, key_b)
        system.relay.drain()
        password = system.add_person("0180", "kommunen", "anna@a.se", "admin")
        system.client.get("/app/login")
        system.client.post(
            "/app/login",
            data={
                "email": "anna@a.se",
                "password": password,
                "csrf": system.client.cookies["embrace_login_csrf"],
            },
        )
        in_b_only_area = {**WEEK.incident(), "location": {"area_id": B_ONLY_AREA}}
        draft_b = [Incident.model_validate(in_b_only_area).model_dump(mode="json")]
        with system.sql_store.session() as session:
            user_b = session.scalars(select(User.id).where(User.email == "bo@b.se")).one()
            session.add(Draft(user_id=user_b, incidents=draft_b))
        yield Tenants(system, key_a, key_b, report_b, intervention_b, system.client, draft_b, user_b,
                      problem_b, task_b)  # fmt: skip


PROBLEM = {"title": "Nedskräpning i centrum", "scope": {"area_ids": ["centrum"], "categories": ["littering"]},
           "responsible_organisation": "kommunen"}  # fmt: skip
MEETING = "/v1/meetings/weekly/" + WEEK.label
QUARTER = "/v1/meetings/quarterly/2026-Q1"


def _loop_of_b(system: System, key: str) -> tuple[str, str]:
    """A problem of B and a task its weekly meeting gave."""
    problem = system.client.post("/v1/problems", json=PROBLEM, headers=auth(key)).json()["id"]
    task = {"organisation": "kommunen", "text": "Städa torget", "due_week": WEEK.label, "problem_id": problem}
    system.client.post(MEETING, json={"tasks": [task]}, headers=auth(key))
    [given] = system.client.get("/v1/tasks", headers=auth(key)).json()["tasks"]
    return problem, given["event_id"]


def csrf(t: Tenants) -> str:
    page = t.system.client.get("/app/report").text
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match is not None
    return match.group(1)


EXPORT = f"/v1/incidents/export?from={WEEK.label}&to={WEEK.label}"


def attempts(t: Tenants) -> dict[tuple[str, str], list[int]]:
    """For each route, what A tries against B, and the statuses that mean 'nothing of B'."""
    return {**_report_attempts(t), **_intervention_attempts(t), **_reading_attempts(t), **_app_attempts(t),
            **_loop_attempts(t), **_place_attempts(t)}  # fmt: skip


def _report_attempts(t: Tenants) -> dict[tuple[str, str], list[int]]:
    c, a, rid = t.system.client, auth(t.key_a), t.report_b
    return {
        ("POST", "/v1/reports"): [
            c.post("/v1/reports", json={**WEEK.three_incidents(), "tenant": "0380"}, headers=a).status_code
        ],
        ("POST", "/v1/reports/batch"): [
            c.post("/v1/reports/batch", json={"reports": [], "tenant": "0380"}, headers=a).status_code
        ],
        ("GET", "/v1/reports"): [
            _only_own_reports(c.get(f"/v1/reports?week={WEEK.label}", headers=a).json(), rid)
        ],
        ("GET", "/v1/reports/{report_id:uuid}"): [c.get(f"/v1/reports/{rid}", headers=a).status_code],
        ("PATCH", "/v1/reports/{report_id:uuid}"): [
            c.patch(f"/v1/reports/{rid}", json={"incidents": [WEEK.incident()]}, headers=a).status_code
        ],
        ("DELETE", "/v1/reports/{report_id:uuid}"): [c.delete(f"/v1/reports/{rid}", headers=a).status_code],
    }


def _intervention_attempts(t: Tenants) -> dict[tuple[str, str], list[int]]:
    c, a, iid = t.system.client, auth(t.key_a), t.intervention_b
    return {
        ("POST", "/v1/interventions"): [
            c.post("/v1/interventions", json={**plan(), "tenant": "0380"}, headers=a).status_code
        ],
        ("GET", "/v1/interventions"): [
            c.get("/v1/interventions?tenant=0380", headers=a).status_code,
            404 if iid not in c.get("/v1/interventions", headers=a).text else 200,
        ],
        ("GET", "/v1/interventions/{intervention_id:uuid}"): [
            c.get(f"/v1/interventions/{iid}", headers=a).status_code
        ],
        ("GET", "/v1/interventions/{intervention_id:uuid}/effect"): [
            c.get(f"/v1/interventions/{iid}/effect", headers=a).status_code
        ],
        ("PATCH", "/v1/interventions/{intervention_id:uuid}"): [
            c.patch(f"/v1/interventions/{iid}", json={"status": "done"}, headers=a).status_code
        ],
    }


def _reading_attempts(t: Tenants) -> dict[tuple[str, str], list[int]]:
    """Situation, areas, statistics and export: B's rows are neither shown nor reachable by tenant."""
    c, a, rid = t.system.client, auth(t.key_a), t.report_b
    return {
        ("GET", "/v1/situation/weekly/region"): [
            c.get(f"/v1/situation/weekly/region?week={WEEK.label}", headers=a).status_code,
        ],
        ("GET", "/v1/situation/quarterly"): [
            c.get("/v1/situation/quarterly?tenant=0380", headers=a).status_code,
        ],
        ("GET", "/v1/situation/archive"): [
            c.get("/v1/situation/archive?tenant=0380", headers=a).status_code,
        ],
        ("GET", "/v1/situation/weekly"): [
            c.get(f"/v1/situation/weekly?week={WEEK.label}&tenant=0380", headers=a).status_code,
            404
            if c.get(f"/v1/situation/weekly?week={WEEK.label}", headers=a).json()["totals"]["incidents"] == 0
            else 200,
        ],
        ("POST", "/v1/areas"): [
            c.post("/v1/areas", json={**area("centrum"), "tenant": "0380"}, headers=a).status_code
        ],
        ("GET", "/v1/areas"): [c.get("/v1/areas?tenant=0380", headers=a).status_code],
        ("GET", "/v1/stats/weekly"): [
            c.get(f"/v1/stats/weekly?week={WEEK.label}&tenant=0380", headers=a).status_code,
            404 if c.get(f"/v1/stats/weekly?week={WEEK.label}", headers=a).json()["incidents"] == 0 else 200,
        ],
        ("GET", "/v1/stats/series"): [
            c.get(f"/v1/stats/series?from={WEEK.label}&to={WEEK.label}&tenant=0380", headers=a).status_code,
            _only_own_counts(
                c.get(f"/v1/stats/series?from={WEEK.label}&to={WEEK.label}&group_by=tenant", headers=a).json()
            ),
        ],
        ("GET", "/v1/incidents/export"): [
            c.get(f"{EXPORT}&tenant=0380", headers=a).status_code,
            404 if rid not in c.get(EXPORT, headers=a).text else 200,
        ],
    }


def _app_attempts(t: Tenants) -> dict[tuple[str, str], list[int]]:
    """The web app's pages and forms, signed in as A."""
    c, rid, iid, token = t.system.client, t.report_b, t.intervention_b, csrf(t)
    return {
        ("GET", "/app/report"): [404 if rid not in c.get("/app/report").text else 200],
        ("POST", "/app/report/incidents"): [
            c.post("/app/report/incidents", data=_incident_form(token, B_ONLY_AREA)).status_code,
            _b_untouched(t),
        ],
        ("POST", "/app/report/incidents/{index}/remove"): [
            c.post("/app/report/incidents", data=_incident_form(token, "centrum")).status_code and 404,
            c.post("/app/report/incidents/0/remove", data={"csrf": token}).status_code and _b_untouched(t),
        ],
        ("GET", "/app/report/review"): [404 if rid not in c.get("/app/report/review").text else 200],
        ("POST", "/app/report/submit"): [
            c.post("/app/report/incidents", data=_incident_form(token, "centrum")).status_code and 404,
            c.post("/app/report/submit", data={"csrf": token}).status_code and _b_untouched(t),
            404 if _reports_of("0180", t) == 1 else 200,  # the attempt did submit A's own draft
        ],
        ("GET", "/app/reports"): [404 if rid not in c.get(f"/app/reports?week={WEEK.label}").text else 200],
        ("POST", "/app/reports/{report_id}/withdraw"): [
            c.post(f"/app/reports/{rid}/withdraw", data={"csrf": token}).status_code
        ],
        ("GET", "/app/interventions"): [404 if iid not in c.get("/app/interventions").text else 200],
        ("POST", "/app/interventions"): [
            c.post("/app/interventions", data=_intervention_form(token, responsible=B_ONLY_ORG)).status_code,
            c.post("/app/interventions", data=_intervention_form(token, area_id=B_ONLY_AREA)).status_code,
            404 if _interventions_of("0180", t) == 0 else 200,
        ],
        ("GET", "/app/interventions/{intervention_id}"): [c.get(f"/app/interventions/{iid}").status_code],
        ("POST", "/app/interventions/{intervention_id}"): [
            c.post(
                f"/app/interventions/{iid}",
                data={
                    "csrf": token,
                    "title": "x",
                    "kind": "safety_walk",
                    "start": "2026-01-01",
                    "area_id": "centrum",
                },
            ).status_code
        ],
    }


def _loop_attempts(t: Tenants) -> dict[tuple[str, str], list[int]]:
    """The working loop's routes: problems, meetings, tasks and feedback of B stay B's."""
    c, a, pid, tid = t.system.client, auth(t.key_a), t.problem_b, t.task_b
    task = {"organisation": B_ONLY_ORG, "text": "x", "due_week": WEEK.label}
    return {
        ("POST", "/v1/problems"): [
            c.post("/v1/problems", json={**PROBLEM, "tenant": "0380"}, headers=a).status_code,
            c.post(
                "/v1/problems", json={**PROBLEM, "responsible_organisation": B_ONLY_ORG}, headers=a
            ).status_code,
        ],
        ("GET", "/v1/problems"): [
            c.get("/v1/problems?tenant=0380", headers=a).status_code,
            404 if pid not in c.get("/v1/problems", headers=a).text else 200,
        ],
        ("GET", "/v1/problems/{problem_id:uuid}"): [c.get(f"/v1/problems/{pid}", headers=a).status_code],
        ("PATCH", "/v1/problems/{problem_id:uuid}"): [
            c.patch(f"/v1/problems/{pid}", json={"step": "analysis"}, headers=a).status_code
        ],
        ("GET", "/v1/meetings/weekly/{week}"): [
            c.get(f"{MEETING}?tenant=0380", headers=a).status_code,
            404 if pid not in c.get(MEETING, headers=a).text else 200,
        ],
        ("POST", "/v1/meetings/weekly/{week}"): [
            c.post(MEETING, json={"tasks": [task]}, headers=a).status_code
        ],
        ("GET", "/v1/meetings/quarterly/{quarter}"): [c.get(f"{QUARTER}?tenant=0380", headers=a).status_code],
        ("POST", "/v1/meetings/quarterly/{quarter}"): [
            c.post(
                QUARTER, json={"priorities": [{"area_id": B_ONLY_AREA, "reason": "x"}]}, headers=a
            ).status_code
        ],
        ("GET", "/v1/tasks"): [
            c.get("/v1/tasks?tenant=0380", headers=a).status_code,
            404 if tid not in c.get("/v1/tasks", headers=a).text else 200,
        ],
        ("PATCH", "/v1/tasks/{task_id:uuid}"): [
            c.patch(f"/v1/tasks/{tid}", json={"status": "done"}, headers=a).status_code
        ],
    }


def _place_attempts(t: Tenants) -> dict[tuple[str, str], list[int]]:
    """Hot spots, forecast, feedback, and the loop's pages: none of B's places or problems."""
    c, a, pid, tid = t.system.client, auth(t.key_a), t.problem_b, t.task_b
    return {
        ("GET", "/v1/hotspots"): [
            c.get(f"/v1/hotspots?from={WEEK.label}&to={WEEK.label}&tenant=0380", headers=a).status_code
        ],
        ("GET", "/v1/hotspots/emerging"): [
            c.get(f"/v1/hotspots/emerging?to={WEEK.label}&tenant=0380", headers=a).status_code
        ],
        ("GET", "/v1/forecast"): [c.get("/v1/forecast?tenant=0380", headers=a).status_code],
        ("GET", "/v1/feedback"): [404 if pid not in c.get("/v1/feedback", headers=a).text else 200],
        ("GET", "/app/problems/{problem_id}"): [c.get(f"/app/problems/{pid}").status_code],
        ("POST", "/app/problems/{problem_id}"): [
            c.post(f"/app/problems/{pid}", data={"csrf": csrf(t), "step": "analysis"}).status_code
        ],
        ("POST", "/app/tasks/{task_id}"): [
            c.post(f"/app/tasks/{tid}", data={"csrf": csrf(t), "status": "done"}).status_code
        ],
        ("GET", "/app/meeting"): [404 if pid not in c.get("/app/meeting").text else 200],
    }


def _only_own_counts(series: dict[str, Any]) -> int:
    return 404 if all(row["tenant"] == "0180" for row in series["rows"]) else 200


def _only_own_reports(listed: dict[str, Any], other: str) -> int:
    return 404 if all(r["id"] != other for r in listed["reports"]) else 200


def _incident_form(token: str, area_id: str) -> dict[str, str]:
    day = WEEK.monday.date() + timedelta(days=1)
    return {
        "csrf": token,
        "category": "littering",
        "date": day.isoformat(),
        "part": "evening",
        "area_id": area_id,
    }


def _intervention_form(token: str, area_id: str = "centrum", responsible: str = "") -> dict[str, str]:
    return {"csrf": token, "title": "Trygghetsvandring", "kind": "safety_walk", "start": "2026-01-01",
            "area_id": area_id, "responsible": responsible}  # fmt: skip


def _b_untouched(t: Tenants) -> int:
    """404 (nothing of B reached) while B's draft and B's reports are as they were."""
    with t.system.sql_store.session() as session:
        draft = session.get(Draft, t.user_b)
        same = draft is not None and draft.incidents == t.draft_b
    return 404 if same and _reports_of("0380", t) == 1 else 200


def _reports_of(tenant: str, t: Tenants) -> int:
    with t.system.sql_store.session() as session:
        return len(session.scalars(select(StoredReport.id).where(StoredReport.tenant == tenant)).all())


def _interventions_of(tenant: str, t: Tenants) -> int:
    with t.system.sql_store.session() as session:
        found = session.scalars(select(StoredIntervention.id).where(StoredIntervention.tenant == tenant))
        return len(found.all())


def test_organisation_a_can_read_or_change_nothing_of_tenant_b(tenants: Tenants) -> None:
    tried = attempts(tenants)
    # The OpenAPI document lists every route, however routers are included (app.routes holds them lazily).
    paths = tenants.system.client.get("/openapi.json").json()["paths"]
    routes = {
        (method.upper(), _templated(path))
        for path, operations in paths.items()
        for method in operations
        if path not in PUBLIC
    }
    assert routes - set(tried) == set(), "routes without a tenant-isolation case"
    leaks = {
        route: statuses
        for route, statuses in tried.items()
        if not all(s in (403, 404, 422) for s in statuses)
    }
    assert leaks == {}
    with tenants.system.sql_store.session() as session:
        report = session.get(StoredReport, tenants.report_b)
        intervention = session.get(StoredIntervention, tenants.intervention_b)
        assert report is not None
        assert intervention is not None
        assert (report.version, report.retracted, intervention.version) == (1, False, 1)
    tenants.system.relay.drain()
    seen_by_b = tenants.system.client.get(
        f"/v1/stats/weekly?week={WEEK.label}", headers=auth(tenants.key_b)
    ).json()
    assert seen_by_b["incidents"] == 3


def _templated(path: str) -> str:
    """An OpenAPI path as the cases name it: a uuid parameter keeps its converter."""
    return re.sub(r"\{(\w+_id)\}", r"{\1:uuid}", path)
