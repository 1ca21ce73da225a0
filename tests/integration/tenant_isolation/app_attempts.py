"""What A tries against B through the web app's pages and forms, and the place and loop readings."""

from __future__ import annotations

from datetime import UTC, datetime

from services.reporting.quarterly.quarters import last_quarter
from tests.integration.tenant_isolation.two_tenants import (
    B_ONLY_AREA,
    B_ONLY_ORG,
    WEEK,
    Attempts,
    Tenants,
    b_untouched,
    csrf,
    incident_form,
    intervention_form,
    interventions_of,
    reports_of,
    subscribers_of,
)
from tests.support.system import auth

QUARTER = last_quarter(datetime.now(UTC))


def app_attempts(t: Tenants) -> Attempts:
    """The web app's pages and forms, signed in as A."""
    c, rid, iid, token = t.system.client, t.report_b, t.intervention_b, csrf(t)
    return {
        ("GET", "/app/report"): [404 if rid not in c.get("/app/report").text else 200],
        ("POST", "/app/report/incidents"): [
            c.post("/app/report/incidents", data=incident_form(token, B_ONLY_AREA)).status_code,
            b_untouched(t),
        ],
        ("POST", "/app/report/incidents/{index}/remove"): [
            c.post("/app/report/incidents", data=incident_form(token, "centrum")).status_code and 404,
            c.post("/app/report/incidents/0/remove", data={"csrf": token}).status_code and b_untouched(t),
        ],
        ("GET", "/app/report/review"): [404 if rid not in c.get("/app/report/review").text else 200],
        ("POST", "/app/report/submit"): [
            c.post("/app/report/incidents", data=incident_form(token, "centrum")).status_code and 404,
            c.post("/app/report/submit", data={"csrf": token}).status_code and b_untouched(t),
            404 if reports_of("0180", t) == 1 else 200,  # the attempt did submit A's own draft
        ],
        ("GET", "/app/reports"): [404 if rid not in c.get(f"/app/reports?week={WEEK.label}").text else 200],
        ("POST", "/app/reports/{report_id}/withdraw"): [
            c.post(f"/app/reports/{rid}/withdraw", data={"csrf": token}).status_code
        ],
        # Nothing to report is the caller's own organisation's: none of B is touched.
        ("POST", "/app/reports/nothing"): [
            c.post("/app/reports/nothing", data={"csrf": token, "week": WEEK.label}).status_code
            and b_untouched(t)
        ],
        ("GET", "/app/interventions"): [404 if iid not in c.get("/app/interventions").text else 200],
        ("POST", "/app/interventions"): [
            c.post("/app/interventions", data=intervention_form(token, responsible=B_ONLY_ORG)).status_code,
            c.post("/app/interventions", data=intervention_form(token, area_id=B_ONLY_AREA)).status_code,
            404 if interventions_of("0180", t) == 0 else 200,
        ],
        ("GET", "/app/interventions/{intervention_id}"): [c.get(f"/app/interventions/{iid}").status_code],
        ("POST", "/app/interventions/{intervention_id}"): [
            c.post(f"/app/interventions/{iid}", data=intervention_form(token)).status_code
        ],
    }


def place_attempts(t: Tenants) -> Attempts:
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
        ("POST", "/app/tasks/{task_id}/withdraw"): [
            c.post(f"/app/tasks/{tid}/withdraw", data={"csrf": csrf(t)}).status_code
        ],
        ("GET", "/app/meeting"): [404 if pid not in c.get("/app/meeting").text else 200],
        ("POST", "/app/meeting/decisions/strike"): [
            c.post(
                "/app/meeting/decisions/strike",
                data={"csrf": csrf(t), "kind": "weekly", "period": WEEK.label, "n": "0"},
            ).status_code
        ],
        ("GET", "/app/meeting/quarterly"): [404 if pid not in c.get("/app/meeting/quarterly").text else 200],
        ("POST", "/app/meeting/quarterly"): [
            c.post("/app/meeting/quarterly", data=priority_form(csrf(t), pid)).status_code,
            c.post("/app/meeting/quarterly", data=quarterly_task_form(csrf(t))).status_code,
        ],
    }


def priority_form(token: str, problem: str) -> dict[str, str]:
    """The quarterly meeting's form giving priority to B's area, for B's problem, and planning there."""
    return {"csrf": token, "quarter": QUARTER, "rows": "1", "keep0": "1", "area0": B_ONLY_AREA,
            "reason0": "B:s torg", "problem0": problem, "plan_title0": "B:s vandring",
            "plan_kind0": "safety_walk"}  # fmt: skip


def quarterly_task_form(token: str) -> dict[str, str]:
    """The quarterly meeting's form giving one of B's organisations a task."""
    return {"csrf": token, "quarter": QUARTER, "rows": "1", "task_organisation0": B_ONLY_ORG,
            "task_text0": "B:s uppgift", "task_due0": WEEK.label}  # fmt: skip


def mail_attempts(t: Tenants) -> Attempts:
    """What the web app mails is the signed-in person's own: none of B's subscribers is touched."""
    c, token = t.system.client, csrf(t)
    return {
        ("POST", "/app/mail"): [
            c.post("/app/mail", data={"csrf": token, "kind": kind, "on": "true"}).status_code
            and (404 if subscribers_of("0380", t) == 0 else 200)
            for kind in ("reminder", "weekly", "feedback")
        ],
        ("GET", "/app/mail"): [404 if "0380" not in c.get("/app/mail").text else 200],
    }
