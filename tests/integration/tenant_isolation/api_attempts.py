"""What A tries against B through the HTTP API, route by route."""

from __future__ import annotations

from tests.integration.tenant_isolation.two_tenants import (
    B_ONLY_AREA,
    B_ONLY_ORG,
    EXPORT,
    MEETING,
    PROBLEM,
    QUARTER,
    WEEK,
    Attempts,
    Tenants,
    only_own_counts,
    only_own_reports,
)
from tests.support.payloads import area, plan
from tests.support.system import auth


def report_attempts(t: Tenants) -> Attempts:
    c, a, rid = t.system.client, auth(t.key_a), t.report_b
    return {
        ("POST", "/v1/reports"): [
            c.post("/v1/reports", json={**WEEK.three_incidents(), "tenant": "0380"}, headers=a).status_code
        ],
        ("POST", "/v1/reports/batch"): [
            c.post("/v1/reports/batch", json={"reports": [], "tenant": "0380"}, headers=a).status_code
        ],
        ("GET", "/v1/reports"): [
            only_own_reports(c.get(f"/v1/reports?week={WEEK.label}", headers=a).json(), rid)
        ],
        ("GET", "/v1/reports/{report_id:uuid}"): [c.get(f"/v1/reports/{rid}", headers=a).status_code],
        ("PATCH", "/v1/reports/{report_id:uuid}"): [
            c.patch(f"/v1/reports/{rid}", json={"incidents": [WEEK.incident()]}, headers=a).status_code
        ],
        ("DELETE", "/v1/reports/{report_id:uuid}"): [c.delete(f"/v1/reports/{rid}", headers=a).status_code],
    }


def intervention_attempts(t: Tenants) -> Attempts:
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


def reading_attempts(t: Tenants) -> Attempts:
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
            only_own_counts(
                c.get(f"/v1/stats/series?from={WEEK.label}&to={WEEK.label}&group_by=tenant", headers=a).json()
            ),
        ],
        ("GET", "/v1/incidents/export"): [
            c.get(f"{EXPORT}&tenant=0380", headers=a).status_code,
            404 if rid not in c.get(EXPORT, headers=a).text else 200,
        ],
    }


def loop_attempts(t: Tenants) -> Attempts:
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
        ("DELETE", "/v1/tasks/{task_id:uuid}"): [c.delete(f"/v1/tasks/{tid}", headers=a).status_code],
    }
