"""The loop's pages in the web app: a chair records a problem from a form and reads its page, and says
who was at the weekly meeting; a partner is offered no meeting; a form without the session's token is
refused; a form with a fault comes back as written."""

from __future__ import annotations

import re

from embrace.weeks import shift
from services.reporting.meetings.records import meeting_of
from tests.support.payloads import area, weeks_ago
from tests.support.system import System, auth, form_token, log_in


def test_a_chair_records_a_problem_and_reads_its_page(system: System) -> None:
    password = system.add_person("0180", "kommunen", "eva@kommun.se", role="admin")
    log_in(system.client, "eva@kommun.se", password)
    listed = system.client.get("/app/problems")
    assert listed.status_code == 200
    form = {"csrf": form_token(listed.text), "title": "Klotter vid skolan", "category": "graffiti",
            "hours": "18-23", "organisation": "kommunen"}  # fmt: skip
    made = system.client.post("/app/problems", data=form, follow_redirects=False)
    assert made.status_code == 303, made.text
    page = system.client.get(made.headers["location"])
    assert page.status_code == 200, page.text
    assert "Klotter vid skolan" in page.text
    assert 'class="now" aria-current="step">1. kartläggning' in page.text
    refused = system.client.post(made.headers["location"], data={"csrf": "fel", "step": "analysis"})
    assert refused.status_code == 403


def test_a_chair_steps_from_meeting_to_meeting_up_to_this_weeks(system: System) -> None:
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "admin"))
    this_week, last_week = weeks_ago(0).label, weeks_ago(1).label
    now = system.client.get("/app/meeting").text
    assert f'href="/app/meeting?week={last_week}"' in now
    assert f'href="/app/meeting?week={shift(this_week, 1)}"' not in now  # a meeting to come has no agenda
    assert f'href="/app/meeting?week={this_week}"' in system.client.get(f"/app/meeting?week={last_week}").text


def test_a_partner_gets_no_meeting_but_its_tasks(system: System) -> None:
    log_in(system.client, "ali@bostad.se", system.add_person("0180", "bostaden", "ali@bostad.se"))
    assert system.client.get("/app/meeting").status_code == 403
    assert system.client.get("/app/tasks").status_code == 200
    assert system.client.get("/app/feedback").status_code == 200


def test_a_partners_feedback_counts_the_weeks_it_reported(system: System) -> None:
    log_in(system.client, "ali@bostad.se", system.add_person("0180", "bostaden", "ali@bostad.se"))
    week = form_token(system.client.get("/app/report").text), weeks_ago(1).label
    system.client.post("/app/reports/nothing", data={"csrf": week[0], "week": week[1]})
    system.relay.drain()
    page = system.client.get("/app/feedback").text
    assert "1 av de 12 veckorna har en rapport från er. I 1 av dem hade ni inget att rapportera." in page


def test_a_meeting_form_with_a_fault_comes_back_as_written_and_records_nothing(system: System) -> None:
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "admin"))
    this_week = weeks_ago(0).label
    form = {"csrf": form_token(system.client.get("/app/meeting").text), "week": this_week,
            "decision": "Fler vuxna ute på fredagar", "organisation1": "kommunen",
            "task1": "Boka fältassistenter", "due1": "2026-W60", "present": "kommunen"}  # fmt: skip
    refused = system.client.post("/app/meeting", data=form)
    assert refused.status_code == 422
    assert "Uppgift 2, Klar vecka:" in refused.text  # the row the form shows it in
    assert 'name="present" value="kommunen" checked' in refused.text
    for written in ('value="Fler vuxna ute på fredagar"', 'value="Boka fältassistenter"', 'value="2026-W60"'):
        assert written in refused.text
    with system.sql_store.session() as session:
        assert meeting_of(session, "0180", "weekly", this_week) is None
    assert system.client.post("/app/meeting", data={**form, "week": "2026-W99"}).status_code == 422


def test_the_chair_says_who_was_at_the_meeting(system: System) -> None:
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "admin"))
    system.add_partner("0180", "bostaden")
    this_week = weeks_ago(0).label
    form = {"csrf": form_token(system.client.get("/app/meeting").text), "week": this_week,
            "present": ["kommunen", "bostaden"]}  # fmt: skip
    assert system.client.post("/app/meeting", data=form, follow_redirects=False).status_code == 303
    page = system.client.get("/app/meeting").text
    assert "Närvarande: Kommunen, Bostaden" in page  # in the order the form lists them
    assert 'name="present" value="bostaden" checked' in page  # as recorded, for the next save
    with system.sql_store.session() as session:
        recorded = meeting_of(session, "0180", "weekly", this_week)
    assert recorded is not None
    assert sorted(recorded.present) == ["bostaden", "kommunen"]


def test_a_task_given_at_a_place_tells_the_partner_where_and_which_meeting_gave_it(system: System) -> None:
    chair = system.add_partner("0180", "kommunen", role="admin")
    assert system.client.post("/v1/areas", json=area("torget"), headers=auth(chair)).status_code == 200
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "admin"))
    this_week = weeks_ago(0).label
    form = {"csrf": form_token(system.client.get("/app/meeting").text), "week": this_week,
            "organisation0": "kommunen", "task0": "Byt lampor i passagen", "area0": "torget",
            "due0": shift(this_week, 1)}  # fmt: skip
    assert system.client.post("/app/meeting", data=form, follow_redirects=False).status_code == 303
    [task] = system.client.get("/v1/tasks", headers=auth(chair)).json()["tasks"]
    assert task["area_id"] == "torget"
    listed = system.client.get("/app/tasks").text
    assert f"Torget · Från mötet {this_week}" in listed
    assert f"Vecka {this_week}." in listed  # the week in Sweden, also on a Sunday night in UTC


def test_a_task_moved_to_a_week_that_does_not_exist_comes_back_with_the_fault(system: System) -> None:
    chair, this_week = system.add_partner("0180", "kommunen", role="admin"), weeks_ago(0).label
    password = system.add_person("0180", "bostaden", "ali@bostad.se")
    given = {"tasks": [{"organisation": "bostaden", "text": "Byt lampor i passagen", "due_week": this_week}]}
    made = system.client.post(f"/v1/meetings/weekly/{this_week}", json=given, headers=auth(chair))
    assert made.status_code == 200, made.text
    log_in(system.client, "ali@bostad.se", password)
    page = system.client.get("/app/tasks").text
    [task] = re.findall(r'action="/app/tasks/([0-9a-f-]{36})"', page)
    moved = {"csrf": form_token(page), "status": "moved", "moved_to": "2026-W60", "note": "Lamporna är slut"}
    refused = system.client.post(f"/app/tasks/{task}", data=moved)
    assert refused.status_code == 422
    assert "Flytta till vecka:" in refused.text
    assert 'value="Lamporna är slut"' in refused.text
    assert 'value="2026-W60"' in refused.text
    assert "Lamporna är slut" not in system.client.get("/app/tasks").text  # nothing was recorded


def test_an_analysis_too_long_comes_back_as_written_and_changes_nothing(system: System) -> None:
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "admin"))
    listed = system.client.get("/app/problems")
    form = {"csrf": form_token(listed.text), "title": "Klotter vid skolan", "category": "graffiti",
            "organisation": "kommunen"}  # fmt: skip
    page = system.client.post("/app/problems", data=form, follow_redirects=False).headers["location"]
    long = "Mörk passage utan insyn. " * 100  # 2,500 characters: more than an analysis holds
    refused = system.client.post(page, data={"csrf": form["csrf"], "step": "analysis", "place": long})
    assert refused.status_code == 422
    assert "place:" in refused.text
    assert long.strip() in refused.text  # nothing written is lost
    assert 'class="now" aria-current="step">1. kartläggning' in system.client.get(page).text
