"""A coordinator runs the EMBRACE loop through the API: a problem mapped from the evidence, its causes and
intervention recorded, a weekly meeting giving two organisations tasks, a partner reporting its task done,
the next agenda showing it, the reporter's feedback, and the quarter's decided priorities in the next
quarterly analysis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from embrace.weeks import shift, this_week
from services.reporting.quarterly.quarters import days, last_quarter
from services.reporting.quarterly.quarters import shift as shift_quarter
from tests.support.payloads import area, plan, weeks_ago
from tests.support.system import System, auth

TORGET = [[18.060, 59.330], [18.070, 59.330], [18.070, 59.335], [18.060, 59.335], [18.060, 59.330]]
LAST = weeks_ago(1)
THIS_WEEK = shift(LAST.label, 1)


def evening_at_the_square(day: int) -> dict[str, Any]:
    return {"category": "disturbing_groups", "time": {"kind": "instant", "at": LAST.at(day, 21)},
            "location": {"point": {"lat": 59.332, "lon": 18.065}}}  # fmt: skip


def problem_body() -> dict[str, Any]:
    scope = {"area_ids": ["torget"], "categories": ["disturbing_groups"], "hours": [18, 19, 20, 21, 22]}
    return {"title": "Grupper som stör ordningen vid torget, kvällar", "scope": scope,
            "responsible_organisation": "kommunen"}  # fmt: skip


@dataclass
class Cycle:
    """One municipality's loop: the chair's and the housing company's keys, the problem, the walk."""

    system: System
    chair: dict[str, str]
    housing: dict[str, str]
    problem: str = ""
    intervention: str = ""

    def get(self, path: str, who: dict[str, str], **headers: str) -> Any:
        return self.system.client.get(path, headers={**who, **headers})

    def send(self, method: str, path: str, body: Any, who: dict[str, str], status: int = 200) -> Any:
        answer = self.system.client.request(method, path, json=body, headers=who)
        assert answer.status_code == status, answer.text
        return answer.json()


def test_a_coordinator_runs_the_whole_loop(system: System) -> None:
    cycle = partners_report_and_a_walk_is_planned(system)
    a_problem_is_mapped_analysed_and_linked(cycle)
    the_meeting_gives_two_organisations_tasks(cycle)
    a_partner_marks_its_task_done_and_no_other(cycle)
    next_weeks_agenda_opens_with_how_they_went(cycle)
    the_reporters_feedback_shows_what_came_of_it(cycle)
    the_quarters_priorities_appear_in_the_next_analysis(cycle)
    steps = system.warehouse.query("SELECT step FROM {db}.problems ORDER BY version")
    # Every version is on the bus and stored: the last one linked the intervention the quarter planned.
    assert [s for (s,) in steps] == ["mapping", "analysis", "intervention", "feedback", "feedback"]
    assert system.warehouse.query("SELECT count() FROM {db}.tasks")[0][0] == 4  # given twice, done, moved


def partners_report_and_a_walk_is_planned(system: System) -> Cycle:
    cycle = Cycle(system, auth(system.add_partner("0180", "kommunen", role="admin")),
                  auth(system.add_partner("0180", "bostaden", kind="housing")))  # fmt: skip
    security = auth(system.add_partner("0180", "vaktbolaget", kind="security"))
    cycle.send("POST", "/v1/areas", area("torget", TORGET), cycle.chair)
    sent = {"incidents": [evening_at_the_square(day) for day in (1, 2, 3, 5)]}
    cycle.send("POST", "/v1/reports", sent, cycle.housing, 202)
    cycle.send("POST", "/v1/reports", {"reporting_week": LAST.label, "incidents": []}, security, 202)
    start = (datetime.now(UTC) - timedelta(days=20)).date().isoformat()
    walk = plan(place={"area_id": "torget"}, start=start, targeted_categories=["disturbing_groups"])
    cycle.intervention = cycle.send("POST", "/v1/interventions", walk, cycle.chair, 201)["id"]
    system.relay.drain()
    return cycle


def a_problem_is_mapped_analysed_and_linked(cycle: Cycle) -> None:
    cycle.problem = cycle.send("POST", "/v1/problems", problem_body(), cycle.chair, 201)["id"]
    mapping = cycle.get(f"/v1/problems/{cycle.problem}", cycle.housing).json()["mapping"]
    assert mapping["weeks"][-1] == {"week": LAST.label, "in_scope": 4, "tenant": 4}
    assert mapping["hour_weekday"][1][21] == 1  # Tuesday at nine in the evening
    assert mapping["areas"] == [{"area_id": "torget", "incidents": 4}]
    causes = {"place": "Mörk passage utan insyn", "guardian": "Ingen vuxen närvaro"}
    changed = cycle.send("PATCH", f"/v1/problems/{cycle.problem}", {"step": "analysis", "causes": causes},
                         cycle.chair)  # fmt: skip
    assert changed["version"] == 2
    linked = {"step": "intervention", "intervention_ids": [cycle.intervention]}
    cycle.send("PATCH", f"/v1/problems/{cycle.problem}", linked, cycle.chair)
    follow_up = cycle.get(f"/v1/problems/{cycle.problem}", cycle.chair).json()["follow_up"]
    assert [f["intervention_id"] for f in follow_up] == [cycle.intervention]


def the_meeting_gives_two_organisations_tasks(cycle: Cycle) -> None:
    agenda = cycle.get(f"/v1/meetings/weekly/{THIS_WEEK}", cycle.chair).json()["agenda"]
    assert agenda["looks_at"] == LAST.label
    assert agenda["not_reported"] == ["kommunen"]  # the security firm said it had nothing to report
    record = agenda["reporting"]
    assert record["weeks"][-1] == LAST.label
    assert len(record["weeks"]) == 8
    earlier = [None] * 7
    assert record["partners"] == {"bostaden": [*earlier, 4], "kommunen": [*earlier, None],
                                  "vaktbolaget": [*earlier, 0]}  # fmt: skip
    assert [p["title"] for p in agenda["problems"]] == [problem_body()["title"]]
    due, problem = shift(THIS_WEEK, 1), cycle.problem
    minutes = {"decisions": [{"text": "Förstärk kvällsnärvaron vid torget", "problem_id": problem}],
               "tasks": [{"organisation": "bostaden", "text": "Byt belysning i passagen", "due_week": due,
                          "problem_id": problem, "area_id": "torget"},
                         {"organisation": "vaktbolaget", "text": "Två extra ronder fredag kväll",
                          "due_week": due, "problem_id": problem}]}  # fmt: skip
    cycle.send("POST", f"/v1/meetings/weekly/{THIS_WEEK}", minutes, cycle.chair)


def a_partner_marks_its_task_done_and_no_other(cycle: Cycle) -> None:
    mine = cycle.get("/v1/tasks", cycle.housing).json()["tasks"]
    assert [t["text"] for t in mine] == ["Byt belysning i passagen"]
    done = {"status": "done", "note": "Nya armaturer uppsatta"}
    cycle.send("PATCH", f"/v1/tasks/{mine[0]['event_id']}", done, cycle.housing)
    others = cycle.get("/v1/tasks", cycle.chair).json()["tasks"]
    theirs = next(t for t in others if t["organisation"] == "vaktbolaget")
    cycle.send("PATCH", f"/v1/tasks/{theirs['event_id']}", done, cycle.housing, 403)


def next_weeks_agenda_opens_with_how_they_went(cycle: Cycle) -> None:
    following = cycle.get(f"/v1/meetings/weekly/{shift(THIS_WEEK, 1)}", cycle.chair).json()["agenda"]
    status = {t["organisation"]: t["status"] for t in following["last_meeting_tasks"]}
    assert status == {"bostaden": "done", "vaktbolaget": "open"}
    assert following["tasks_due"] == []  # both were given last meeting: shown once, how they went
    theirs = next(t for t in following["last_meeting_tasks"] if t["organisation"] == "vaktbolaget")
    later = shift(THIS_WEEK, 2)
    moved = {"status": "moved", "moved_to": later, "note": "Ronderna börjar nästa månad"}
    cycle.send("PATCH", f"/v1/tasks/{theirs['id']}", moved, cycle.chair)
    then = cycle.get(f"/v1/meetings/weekly/{later}", cycle.chair).json()["agenda"]
    assert [t["organisation"] for t in then["tasks_due"]] == ["vaktbolaget"]  # given earlier, due now
    page = cycle.get(f"/v1/meetings/weekly/{THIS_WEEK}", cycle.chair, Accept="text/html").text
    assert f"Veckomöte {THIS_WEEK}" in page
    assert "Förstärk kvällsnärvaron vid torget" in page


def the_reporters_feedback_shows_what_came_of_it(cycle: Cycle) -> None:
    note = {"step": "feedback", "feedback": "Belysningen är bytt och ronderna fler på fredagar."}
    cycle.send("PATCH", f"/v1/problems/{cycle.problem}", note, cycle.chair)
    fed = cycle.get("/v1/feedback", cycle.housing).json()
    assert fed["reported"]["incidents"] == 4
    assert (fed["reported"]["weeks"], fed["reported"]["nothing"]) == (1, 0)  # of the 12, last week only
    assert [w["week"] for w in fed["reported"]["per_week"] if w["reported"]] == [LAST.label]
    [shown] = fed["problems"]
    assert shown["decisions"] == [{"meeting": THIS_WEEK, "text": "Förstärk kvällsnärvaron vid torget"}]
    assert [i["intervention_id"] for i in shown["interventions"]] == [cycle.intervention]
    assert shown["feedback"][0]["text"].startswith("Belysningen")


def the_quarters_priorities_appear_in_the_next_analysis(cycle: Cycle) -> None:
    quarter = last_quarter(datetime.now(UTC))
    priority = {"area_id": "torget", "reason": "Stigande ordningsstörningar kvällstid",
                "categories": ["disturbing_groups"], "problem_id": cycle.problem}  # fmt: skip
    following = shift_quarter(quarter, 1)
    lights = plan(title="Belysning i passagen vid torget", kind="lighting_improvement", status="planned",
                  place={"area_id": "torget"}, start=str(days(following)[0]), problem_id=cycle.problem,
                  targeted_categories=["disturbing_groups"])  # fmt: skip
    decided = {"priorities": [priority], "interventions": [lights]}
    made = cycle.send("POST", f"/v1/meetings/quarterly/{quarter}", decided, cycle.chair)
    [planned] = made["interventions"]
    assert (
        cycle.get(f"/v1/interventions/{planned}", cycle.chair).json()["intervention"]["status"] == "planned"
    )
    linked = cycle.get(f"/v1/problems/{cycle.problem}", cycle.chair).json()["problem"]["intervention_ids"]
    assert linked == [cycle.intervention, planned]
    wrong = {"interventions": [{**lights, "kind": "graffiti"}]}
    refused = cycle.system.client.post(f"/v1/meetings/quarterly/{quarter}", json=wrong, headers=cycle.chair)
    assert [e["field"] for e in refused.json()["errors"]] == ["interventions.0.kind"]
    cycle.system.relay.drain()
    analysis = cycle.get(f"/v1/situation/quarterly?quarter={following}", cycle.chair).json()
    assert [d["area"] for d in analysis["decided_before"]] == ["torget"]
    meeting = cycle.get(f"/v1/meetings/quarterly/{following}", cycle.chair).json()
    assert meeting["last_quarter"]["priorities"][0]["reason"] == "Stigande ordningsstörningar kvällstid"


def test_only_a_chair_records_and_a_bad_field_is_named(system: System) -> None:
    chair = system.add_partner("0180", "kommunen", role="admin")
    partner = system.add_partner("0180", "bostaden", kind="housing")
    assert system.client.post("/v1/problems", json=problem_body(), headers=auth(partner)).status_code == 403
    answer = system.client.post("/v1/problems", json=problem_body(), headers=auth(chair))
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["scope.area_ids.0"]
    planned = {
        "interventions": [{"title": "x", "kind": "a0", "place": {"area_id": "0"}, "start": "2000-01-01"}]
    }
    answer = system.client.post(f"/v1/meetings/weekly/{THIS_WEEK}", json=planned, headers=auth(chair))
    assert answer.status_code == 422  # found by the fuzzer as a server error: a weekly meeting may plan too
    assert "interventions.0.kind" in [e["field"] for e in answer.json()["errors"]]
    bad = {"tasks": [{"organisation": "ingen", "text": "x", "due_week": THIS_WEEK}]}
    answer = system.client.post(f"/v1/meetings/weekly/{THIS_WEEK}", json=bad, headers=auth(chair))
    assert [e["field"] for e in answer.json()["errors"]] == ["tasks.0.organisation"]
    moved = system.client.patch(f"/v1/tasks/{'0' * 8}-0000-4000-8000-{'0' * 12}", json={"status": "moved"},
                                headers=auth(partner))  # fmt: skip
    assert moved.status_code == 422
    assert this_week() == THIS_WEEK
