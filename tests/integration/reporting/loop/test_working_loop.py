"""A coordinator runs the EMBRACE loop through the API: a problem mapped from the evidence, its causes and
intervention recorded, a weekly meeting giving two organisations tasks, a partner reporting its task done,
the next agenda showing it, the reporter's feedback, and the quarter's decided priorities in the next
quarterly analysis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from embrace.weeks import label, shift
from services.reporting.quarterly.quarters import last_quarter
from services.reporting.quarterly.quarters import shift as shift_quarter
from tests.integration.test_interventions_and_areas import area, plan
from tests.support.payloads import weeks_ago
from tests.support.system import System

TORGET = [[18.060, 59.330], [18.070, 59.330], [18.070, 59.335], [18.060, 59.335], [18.060, 59.330]]
LAST = weeks_ago(1)
THIS_WEEK = shift(LAST.label, 1)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def evening_at_the_square(day: int) -> dict[str, Any]:
    return {"category": "disturbing_groups", "time": {"kind": "instant", "at": LAST.at(day, 21)},
            "location": {"point": {"lat": 59.332, "lon": 18.065}}}  # fmt: skip


def problem_body() -> dict[str, Any]:
    scope = {"area_ids": ["torget"], "categories": ["disturbing_groups"], "hours": [18, 19, 20, 21, 22]}
    return {"title": "Grupper som stör ordningen vid torget, kvällar", "scope": scope,
            "responsible_organisation": "kommunen"}  # fmt: skip


def test_a_coordinator_runs_the_whole_loop(system: System) -> None:
    chair = system.add_partner("0180", "kommunen", role="admin")
    housing = system.add_partner("0180", "bostaden", kind="housing")
    system.add_partner("0180", "vaktbolaget", kind="security")
    assert (
        system.client.post("/v1/areas", json=area("torget", TORGET), headers=auth(chair)).status_code == 200
    )
    sent = {"incidents": [evening_at_the_square(day) for day in (1, 2, 3, 5)]}
    assert system.client.post("/v1/reports", json=sent, headers=auth(housing)).status_code == 202
    start = (datetime.now(UTC) - timedelta(days=20)).date().isoformat()
    walk = plan(place={"area_id": "torget"}, start=start, targeted_categories=["disturbing_groups"])
    intervention = system.client.post("/v1/interventions", json=walk, headers=auth(chair)).json()["id"]
    system.relay.drain()

    # Map the problem from the evidence.
    made = system.client.post("/v1/problems", json=problem_body(), headers=auth(chair))
    assert made.status_code == 201, made.text
    problem = made.json()["id"]
    seen = system.client.get(f"/v1/problems/{problem}", headers=auth(housing)).json()
    assert seen["mapping"]["weeks"][-1] == {"week": LAST.label, "in_scope": 4, "tenant": 4}
    assert seen["mapping"]["hour_weekday"][1][21] == 1  # Tuesday at nine in the evening
    assert seen["mapping"]["areas"] == [{"area_id": "torget", "incidents": 4}]

    # Record its causes, then link the intervention.
    causes = {
        "step": "analysis",
        "causes": {"place": "Mörk passage utan insyn", "guardian": "Ingen vuxen närvaro"},
    }
    assert (
        system.client.patch(f"/v1/problems/{problem}", json=causes, headers=auth(chair)).json()["version"]
        == 2
    )
    linked = {"step": "intervention", "intervention_ids": [intervention]}
    assert system.client.patch(f"/v1/problems/{problem}", json=linked, headers=auth(chair)).status_code == 200
    follow_up = system.client.get(f"/v1/problems/{problem}", headers=auth(chair)).json()["follow_up"]
    assert [f["intervention_id"] for f in follow_up] == [intervention]

    # The weekly meeting gives tasks to two organisations.
    agenda = system.client.get(f"/v1/meetings/weekly/{THIS_WEEK}", headers=auth(chair)).json()["agenda"]
    assert agenda["looks_at"] == LAST.label
    assert agenda["not_reported"] == ["kommunen", "vaktbolaget"]
    assert [p["title"] for p in agenda["problems"]] == [problem_body()["title"]]
    minutes = {"decisions": [{"text": "Förstärk kvällsnärvaron vid torget", "problem_id": problem}],
               "tasks": [{"organisation": "bostaden", "text": "Byt belysning i passagen",
                          "due_week": shift(THIS_WEEK, 1), "problem_id": problem, "area_id": "torget"},
                         {"organisation": "vaktbolaget", "text": "Två extra ronder fredag kväll",
                          "due_week": shift(THIS_WEEK, 1), "problem_id": problem}]}  # fmt: skip
    assert (
        system.client.post(f"/v1/meetings/weekly/{THIS_WEEK}", json=minutes, headers=auth(chair)).status_code
        == 200
    )

    # The housing company sees its own task only, and marks it done.
    mine = system.client.get("/v1/tasks", headers=auth(housing)).json()["tasks"]
    assert [t["text"] for t in mine] == ["Byt belysning i passagen"]
    done = {"status": "done", "note": "Nya armaturer uppsatta"}
    assert (
        system.client.patch(f"/v1/tasks/{mine[0]['event_id']}", json=done, headers=auth(housing)).status_code
        == 200
    )
    others = system.client.get("/v1/tasks", headers=auth(chair)).json()["tasks"]
    theirs = next(t for t in others if t["organisation"] == "vaktbolaget")
    assert (
        system.client.patch(f"/v1/tasks/{theirs['event_id']}", json=done, headers=auth(housing)).status_code
        == 403
    )

    # Next week's agenda opens with how the tasks went.
    following = system.client.get(f"/v1/meetings/weekly/{shift(THIS_WEEK, 1)}", headers=auth(chair)).json()
    status = {t["organisation"]: t["status"] for t in following["agenda"]["last_meeting_tasks"]}
    minutes_page = system.client.get(f"/v1/meetings/weekly/{THIS_WEEK}",
                                     headers={**auth(chair), "Accept": "text/html"})  # fmt: skip
    assert f"Veckomöte {THIS_WEEK}" in minutes_page.text
    assert "Förstärk kvällsnärvaron vid torget" in minutes_page.text
    assert status == {"bostaden": "done", "vaktbolaget": "open"}
    assert [t["organisation"] for t in following["agenda"]["tasks_due"]] == ["vaktbolaget"]

    # The reporting organisation's feedback shows the problem, the decision and the intervention.
    note = {"step": "feedback", "feedback": "Belysningen är bytt och ronderna fler på fredagar."}
    system.client.patch(f"/v1/problems/{problem}", json=note, headers=auth(chair))
    fed = system.client.get("/v1/feedback", headers=auth(housing)).json()
    assert fed["reported"]["incidents"] == 4
    [shown] = fed["problems"]
    assert shown["decisions"] == [{"meeting": THIS_WEEK, "text": "Förstärk kvällsnärvaron vid torget"}]
    assert [i["intervention_id"] for i in shown["interventions"]] == [intervention]
    assert shown["feedback"][0]["text"].startswith("Belysningen")

    # The quarter's decided priorities appear in the next quarterly analysis.
    quarter = last_quarter(datetime.now(UTC))
    decided = {"priorities": [{"area_id": "torget", "reason": "Stigande ordningsstörningar kvällstid",
                               "categories": ["disturbing_groups"], "problem_id": problem}]}  # fmt: skip
    answer = system.client.post(f"/v1/meetings/quarterly/{quarter}", json=decided, headers=auth(chair))
    assert answer.status_code == 200, answer.text
    system.relay.drain()
    following_quarter = shift_quarter(quarter, 1)
    analysis = system.client.get(f"/v1/situation/quarterly?quarter={following_quarter}", headers=auth(chair))
    assert [d["area"] for d in analysis.json()["decided_before"]] == ["torget"]
    meeting = system.client.get(f"/v1/meetings/quarterly/{following_quarter}", headers=auth(chair)).json()
    assert meeting["last_quarter"]["priorities"][0]["reason"] == "Stigande ordningsstörningar kvällstid"

    # Every change is on the bus and in the warehouse.
    steps = system.warehouse.query("SELECT step FROM {db}.problems ORDER BY version")
    assert [s for (s,) in steps] == ["mapping", "analysis", "intervention", "feedback"]
    assert system.warehouse.query("SELECT count() FROM {db}.tasks")[0][0] == 3


def test_only_a_chair_records_and_a_bad_field_is_named(system: System) -> None:
    chair = system.add_partner("0180", "kommunen", role="admin")
    partner = system.add_partner("0180", "bostaden", kind="housing")
    assert system.client.post("/v1/problems", json=problem_body(), headers=auth(partner)).status_code == 403
    answer = system.client.post("/v1/problems", json=problem_body(), headers=auth(chair))
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["scope.area_ids.0"]
    bad = {"tasks": [{"organisation": "ingen", "text": "x", "due_week": THIS_WEEK}]}
    answer = system.client.post(f"/v1/meetings/weekly/{THIS_WEEK}", json=bad, headers=auth(chair))
    assert [e["field"] for e in answer.json()["errors"]] == ["tasks.0.organisation"]
    moved = system.client.patch(f"/v1/tasks/{'0' * 8}-0000-4000-8000-{'0' * 12}", json={"status": "moved"},
                                headers=auth(partner))  # fmt: skip
    assert moved.status_code == 422
    assert label(datetime.now(UTC).date()) == THIS_WEEK
