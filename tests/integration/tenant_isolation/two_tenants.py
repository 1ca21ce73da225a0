"""Two tenants, A and B, and what a test of A's reach needs to tell that nothing of B was touched."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from embrace.contracts import Incident
from embrace.settings import Settings
from embrace.sqlstore.report_tables import Subscription
from embrace.sqlstore.tables import Draft, StoredIntervention, StoredReport, User
from tests.support.payloads import area, plan, weeks_ago
from tests.support.system import System, auth, embedded_system, form_token, log_in

WEEK = weeks_ago(2)
Attempts = dict[tuple[str, str], list[int]]  # by route: the statuses A got trying it against B
B_ONLY_AREA = "b-torget"  # an area only tenant B has
B_ONLY_ORG = "b-polisen"  # an organisation only tenant B has

PROBLEM = {"title": "Nedskräpning i centrum", "scope": {"area_ids": ["centrum"], "categories": ["littering"]},
           "responsible_organisation": "kommunen"}  # fmt: skip
MEETING = "/v1/meetings/weekly/" + WEEK.label
QUARTER = "/v1/meetings/quarterly/2026-Q1"

EXPORT = f"/v1/incidents/export?from={WEEK.label}&to={WEEK.label}"


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


@contextmanager
def two_tenants(settings: Settings) -> Iterator[Tenants]:
    """Tenants A (0180) and B (0380), each with areas and reports; B also with an intervention, a problem,
    a task and a person's draft; a person of A signed in to the web app."""
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
        log_in(system.client, "anna@a.se", password)
        in_b_only_area = {**WEEK.incident(), "location": {"area_id": B_ONLY_AREA}}
        draft_b = [Incident.model_validate(in_b_only_area).model_dump(mode="json")]
        with system.sql_store.session() as session:
            user_b = session.scalars(select(User.id).where(User.email == "bo@b.se")).one()
            session.add(Draft(user_id=user_b, incidents=draft_b))
        yield Tenants(system, key_a, key_b, report_b, intervention_b, system.client, draft_b, user_b,
                      problem_b, task_b)  # fmt: skip


def _loop_of_b(system: System, key: str) -> tuple[str, str]:
    """A problem of B, and a task and a decision of its weekly meeting."""
    problem = system.client.post("/v1/problems", json=PROBLEM, headers=auth(key)).json()["id"]
    task = {"organisation": "kommunen", "text": "Städa torget", "due_week": WEEK.label, "problem_id": problem}
    system.client.post(
        MEETING, json={"decisions": [{"text": "Städa torget"}], "tasks": [task]}, headers=auth(key)
    )
    [given] = system.client.get("/v1/tasks", headers=auth(key)).json()["tasks"]
    return problem, given["event_id"]


def csrf(t: Tenants) -> str:
    return form_token(t.system.client.get("/app/report").text)


def only_own_counts(series: dict[str, Any]) -> int:
    return 404 if all(row["tenant"] == "0180" for row in series["rows"]) else 200


def only_own_reports(listed: dict[str, Any], other: str) -> int:
    return 404 if all(r["id"] != other for r in listed["reports"]) else 200


def incident_form(token: str, area_id: str) -> dict[str, str]:
    day = WEEK.monday.date() + timedelta(days=1)
    return {
        "csrf": token,
        "category": "littering",
        "date": day.isoformat(),
        "part": "evening",
        "area_id": area_id,
    }


def intervention_form(token: str, area_id: str = "centrum", responsible: str = "") -> dict[str, str]:
    return {"csrf": token, "title": "Trygghetsvandring", "kind": "safety_walk", "start": "2026-01-01",
            "area_id": area_id, "responsible": responsible}  # fmt: skip


def b_untouched(t: Tenants) -> int:
    """404 (nothing of B reached) while B's draft and B's reports are as they were."""
    with t.system.sql_store.session() as session:
        draft = session.get(Draft, t.user_b)
        same = draft is not None and draft.incidents == t.draft_b
    return 404 if same and reports_of("0380", t) == 1 else 200


def subscribers_of(tenant: str, t: Tenants) -> int:
    with t.system.sql_store.session() as session:
        return len(session.scalars(select(Subscription.id).where(Subscription.tenant == tenant)).all())


def reports_of(tenant: str, t: Tenants) -> int:
    with t.system.sql_store.session() as session:
        return len(session.scalars(select(StoredReport.id).where(StoredReport.tenant == tenant)).all())


def interventions_of(tenant: str, t: Tenants) -> int:
    with t.system.sql_store.session() as session:
        found = session.scalars(select(StoredIntervention.id).where(StoredIntervention.tenant == tenant))
        return len(found.all())
