"""The quarterly meeting in the web app: the chair sees the ranking's proposal, gives an area priority with
the meeting's reasons and causes from a form, and reads the decision back on the page, in the API and in
the printable minutes; gives a task in a priority area, which reaches the organisation's list; a priority
without a reason comes back as filled in, its field named; a partner gets no meeting."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from embrace.weeks import label, today
from embrace.weeks import shift as shift_week
from services.reporting.quarterly.quarters import days, last_quarter
from services.reporting.quarterly.quarters import shift as shift_quarter
from tests.support.payloads import STOCKHOLM, Week, area
from tests.support.system import System, auth, form_token, log_in

TORGET = [[18.060, 59.330], [18.070, 59.330], [18.070, 59.335], [18.060, 59.335], [18.060, 59.330]]
QUARTER = last_quarter(datetime.now(UTC))
NEXT = shift_quarter(QUARTER, 1)
PAGE = "/app/meeting/quarterly"


def evenings_at_the_square(system: System, key: str) -> None:
    """Six evenings of disturbance at the square in the middle of the quarter: enough to be ranked."""
    system.client.post("/v1/areas", json=area("torget", TORGET), headers=auth(key))
    first = days(QUARTER)[0] + timedelta(days=35)
    week = Week(datetime.combine(first - timedelta(days=first.weekday()), time(), STOCKHOLM))
    incidents = [{"category": "disturbing_groups", "time": {"kind": "instant", "at": week.at(day, 21)},
                  "location": {"point": {"lat": 59.332, "lon": 18.065}}} for day in range(6)]  # fmt: skip
    sent = system.client.post("/v1/reports", json={"incidents": incidents}, headers=auth(key))
    assert sent.status_code == 202, sent.text
    system.relay.drain()


def a_chair_signed_in(system: System) -> str:
    """The municipality's key, its evenings at the square reported, and its chair signed in."""
    key = system.add_partner("0180", "kommunen", role="admin")
    evenings_at_the_square(system, key)
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "admin"))
    return key


def test_the_chair_sees_the_proposal_as_rows_with_their_reasons(system: System) -> None:
    a_chair_signed_in(system)
    shown = system.client.get(PAGE)
    assert shown.status_code == 200, shown.text
    assert f"Kvartalsmöte om {QUARTER}" in shown.text
    assert '<option value="torget" selected>Torget</option>' in shown.text  # the proposal, as a row
    assert "6 händelser, 100 % av kommunens" in shown.text  # its reasons written in
    assert f'href="{PAGE}?quarter={shift_quarter(QUARTER, -1)}"' in shown.text  # the meeting before
    assert f'href="{PAGE}?quarter={NEXT}"' in shown.text  # and after, now that its quarter has begun
    running = system.client.get(f"{PAGE}?quarter={NEXT}").text
    assert f'href="{PAGE}?quarter={shift_quarter(NEXT, 1)}"' not in running  # none to come


def test_the_chair_gives_an_area_priority_and_plans_an_intervention_there(system: System) -> None:
    key = a_chair_signed_in(system)
    form = {"csrf": form_token(system.client.get(PAGE).text), "quarter": QUARTER, "rows": "1",
            "keep0": "1", "area0": "torget", "reason0": "Stökigt kvällstid sedan i somras",
            "category0": "disturbing_groups",
            "causes0": "Mörk passage, ingen vuxen närvaro", "present": "kommunen",
            "decision": "Belysningen ses över före jul", "plan_title0": "Belysning i passagen",
            "plan_kind0": "lighting_improvement", "plan_start0": str(days(NEXT)[0]),
            "plan_responsible0": "kommunen"}  # fmt: skip
    saved = system.client.post(PAGE, data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    page = system.client.get(saved.headers["location"]).text
    assert f"Prioriterade områden för {NEXT}" in page
    for said in ("Stökigt kvällstid sedan i somras", "Belysningen ses över före jul", "Belysning i passagen"):
        assert said in page
    minutes = system.client.get(f"/v1/meetings/quarterly/{QUARTER}", headers=auth(key)).json()["minutes"]
    assert minutes["priorities"] == [{"area_id": "torget", "reason": "Stökigt kvällstid sedan i somras",
                                      "categories": ["disturbing_groups"], "problem_id": None,
                                      "causes": "Mörk passage, ingen vuxen närvaro"}]  # fmt: skip
    assert minutes["present"] == ["kommunen"]
    [planned] = minutes["interventions"]
    registered = system.client.get(f"/v1/interventions/{planned}", headers=auth(key)).json()["intervention"]
    assert (registered["status"], registered["place"]["area_id"]) == ("planned", "torget")
    assert registered["targeted_categories"] == ["disturbing_groups"]
    printed = system.client.get(f"/v1/meetings/quarterly/{QUARTER}", headers=auth(key, Accept="text/html"))
    assert "Belysning i passagen" in printed.text
    assert "<form" not in printed.text


def test_the_weekly_meetings_of_the_quarter_follow_up_its_priority_areas(system: System) -> None:
    key = a_chair_signed_in(system)
    form = {"csrf": form_token(system.client.get(PAGE).text), "quarter": QUARTER, "rows": "1",
            "keep0": "1", "area0": "torget", "reason0": "Stökigt kvällstid"}  # fmt: skip
    assert system.client.post(PAGE, data=form, follow_redirects=False).status_code == 303
    looks_at = label(days(NEXT)[0] + timedelta(days=7))  # a week of the quarter the priority is for
    agenda = system.client.get(f"/v1/meetings/weekly/{shift_week(looks_at, 1)}", headers=auth(key)).json()
    assert agenda["agenda"]["priority_quarter"] == NEXT
    [followed] = agenda["agenda"]["priority_areas"]
    assert (followed["area_id"], followed["reason"]) == ("torget", "Stökigt kvällstid")
    assert followed["last_week"] == 0  # its evenings were in the quarter before
    page = system.client.get(f"/app/meeting?week={shift_week(looks_at, 1)}").text
    assert f"3. Prioriterade områden {NEXT}" in page
    earlier = system.client.get(f"/v1/meetings/weekly/{label(days(QUARTER)[0] + timedelta(days=14))}",
                                headers=auth(key)).json()["agenda"]  # fmt: skip
    assert earlier["priority_areas"] == []  # the quarter the meeting looked at had none decided
    first = system.client.get("/v1/meetings/weekly/1970-W01", headers=auth(key))  # no quarter before
    assert first.status_code == 200, first.text


def test_a_task_given_in_an_area_reaches_the_organisation_and_the_minutes(system: System) -> None:
    key = a_chair_signed_in(system)
    system.add_partner("0180", "bostaden")
    shown = system.client.get(PAGE).text
    due = shift_week(label(max(days(NEXT)[0], today())), 4)
    assert f'name="task_due0" value="{due}"' in shown  # four weeks into the quarter by default
    form = {"csrf": form_token(shown), "quarter": QUARTER, "rows": "2", "keep0": "1", "area0": "torget",
            "reason0": "Stökigt kvällstid", "task_organisation0": "bostaden",
            "task_text0": "Kartlägg belysningen vid torget", "task_due0": due,
            "area1": "torget", "task_text1": " "}  # fmt: skip
    saved = system.client.post(PAGE, data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    page = system.client.get(saved.headers["location"]).text
    assert "Uppgifter från mötet" in page
    assert "Kartlägg belysningen vid torget" in page
    meeting = system.client.get(f"/v1/meetings/quarterly/{QUARTER}", headers=auth(key)).json()
    [task] = meeting["tasks_given"]  # the empty second row gives none
    assert (task["organisation"], task["area_id"], task["due_week"]) == ("bostaden", "torget", due)
    assert task["meeting"] == QUARTER
    agenda = system.client.get(f"/v1/meetings/weekly/{due}", headers=auth(key)).json()["agenda"]
    assert [t["text"] for t in agenda["tasks_due"]] == ["Kartlägg belysningen vid torget"]  # its week
    log_in(system.client, "ali@bostad.se", system.add_person("0180", "bostaden", "ali@bostad.se"))
    assert "Kartlägg belysningen vid torget" in system.client.get("/app/tasks").text


def test_a_task_without_a_week_is_named_by_its_row(system: System) -> None:
    key = a_chair_signed_in(system)
    form = {"csrf": form_token(system.client.get(PAGE).text), "quarter": QUARTER, "rows": "2",
            "area1": "torget", "task_organisation1": "kommunen", "task_text1": "Trygghetsvandring",
            "task_due1": "2026-W60"}  # fmt: skip
    refused = system.client.post(PAGE, data=form)
    assert refused.status_code == 422
    assert "Område 2, Klar vecka:" in refused.text
    assert 'value="Trygghetsvandring"' in refused.text
    meeting = system.client.get(f"/v1/meetings/quarterly/{QUARTER}", headers=auth(key)).json()
    assert meeting["tasks_given"] == []  # nothing given


def test_a_form_with_faults_comes_back_as_filled_in_each_named_by_its_row(system: System) -> None:
    key = a_chair_signed_in(system)
    form = {"csrf": form_token(system.client.get(PAGE).text), "quarter": QUARTER, "rows": "3",
            "keep0": "1", "area0": "torget", "reason0": "Stökigt", "plan_title1": "Trygghetsvandring",
            "area1": "torget", "keep2": "1", "area2": "torget", "reason2": " ",
            "causes2": "Mörk passage", "present": "kommunen",
            "decision": "Fler vuxna ute på kvällarna"}  # fmt: skip
    refused = system.client.post(PAGE, data=form)
    assert refused.status_code == 422
    assert "Område 3, Skäl: Minst 1 tecken." in refused.text  # the row as the form numbers it
    assert "Område 2, Typ av insats: Uppgiften saknas." in refused.text
    assert '<option value="torget" selected>Torget</option>' in refused.text
    assert "Mörk passage</textarea>" in refused.text
    assert 'value="Trygghetsvandring"' in refused.text
    assert 'value="Fler vuxna ute på kvällarna"' in refused.text  # nothing written is lost
    assert 'name="present" value="kommunen" checked' in refused.text
    meeting = system.client.get(f"/v1/meetings/quarterly/{QUARTER}", headers=auth(key)).json()
    assert meeting["minutes"] is None  # nothing recorded
    assert system.client.get("/v1/interventions", headers=auth(key)).json()["interventions"] == []


def test_a_partner_gets_no_quarterly_meeting(system: System) -> None:
    log_in(system.client, "ali@bostad.se", system.add_person("0180", "bostaden", "ali@bostad.se"))
    assert system.client.get(PAGE).status_code == 403
    assert "/app/meeting/quarterly" not in system.client.get("/app/tasks").text  # nor a link to it
