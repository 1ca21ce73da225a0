"""The chair withdraws a task a meeting gave by mistake: it leaves the partner's list, the meeting's tasks
and the next agenda, its versions are kept in the warehouse, and nobody can update it after. Only the
chair may withdraw, through the API, on the web app's Uppgifter, or on the page of the meeting that gave
it."""

from __future__ import annotations

import re
from typing import Any

from embrace.weeks import shift
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth, form_token, log_in

THIS_WEEK = weeks_ago(0).label


def a_meeting_gives(system: System, chair: dict[str, str], *texts: str) -> list[dict[str, Any]]:
    tasks = [{"organisation": "bostaden", "text": text, "due_week": shift(THIS_WEEK, 1)} for text in texts]
    answer = system.client.post(f"/v1/meetings/weekly/{THIS_WEEK}", json={"tasks": tasks}, headers=chair)
    assert answer.status_code == 200, answer.text
    given: list[dict[str, Any]] = system.client.get("/v1/tasks", headers=chair).json()["tasks"]
    return given


def test_a_withdrawn_task_leaves_every_list_and_stays_in_the_warehouse(system: System) -> None:
    chair = auth(system.add_partner("0180", "kommunen", role="admin"))
    housing = auth(system.add_partner("0180", "bostaden", kind="housing"))
    given = a_meeting_gives(system, chair, "Byt belysning i passagen", "Byt belysning i pasagen")
    mistake = next(t["event_id"] for t in given if t["text"].endswith("pasagen"))
    assert system.client.delete(f"/v1/tasks/{mistake}", headers=housing).status_code == 403
    withdrawn = system.client.delete(f"/v1/tasks/{mistake}", headers=chair)
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["retracted"] is True
    kept = ["Byt belysning i passagen"]
    assert [t["text"] for t in system.client.get("/v1/tasks", headers=housing).json()["tasks"]] == kept
    meeting = system.client.get(f"/v1/meetings/weekly/{THIS_WEEK}", headers=chair).json()
    assert [t["text"] for t in meeting["tasks_given"]] == kept
    agenda = system.client.get(f"/v1/meetings/weekly/{shift(THIS_WEEK, 1)}", headers=chair).json()["agenda"]
    assert [t["text"] for t in agenda["last_meeting_tasks"]] == kept
    done = {"status": "done"}
    assert system.client.patch(f"/v1/tasks/{mistake}", json=done, headers=chair).status_code == 404
    assert system.client.delete(f"/v1/tasks/{mistake}", headers=chair).status_code == 404
    system.relay.drain()
    versions = system.warehouse.query(
        "SELECT version, retracted FROM {db}.tasks WHERE task_id = {t:UUID} ORDER BY version", {"t": mistake}
    )
    assert [tuple(v) for v in versions] == [(1, False), (2, True)]


def test_the_chair_withdraws_a_task_on_uppgifter_and_a_partner_may_not(system: System) -> None:
    chair = auth(system.add_partner("0180", "kommunen", role="admin"))
    partner = system.add_person("0180", "bostaden", "ali@bostad.se")
    [task] = a_meeting_gives(system, chair, "Städa passagen")
    log_in(system.client, "ali@bostad.se", partner)
    partners = system.client.get("/app/tasks").text
    assert "Städa passagen" in partners
    assert "/withdraw" not in partners
    tried = system.client.post(f"/app/tasks/{task['event_id']}/withdraw", data={"csrf": form_token(partners)})
    assert tried.status_code == 403
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "admin"))
    page = system.client.get("/app/tasks").text
    [withdraw] = re.findall(r'action="(/app/tasks/[^"]+/withdraw)"', page)
    sent = system.client.post(withdraw, data={"csrf": form_token(page)}, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    assert "Städa passagen" not in system.client.get("/app/tasks").text


def test_the_chair_withdraws_a_task_on_the_page_of_the_meeting_that_gave_it(system: System) -> None:
    chair = auth(system.add_partner("0180", "kommunen", role="admin"))
    system.add_partner("0180", "bostaden", kind="housing")
    [task] = a_meeting_gives(system, chair, "Städa passagen")
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "admin"))
    page = system.client.get(f"/app/meeting?week={THIS_WEEK}").text
    assert f'action="/app/tasks/{task["event_id"]}/withdraw"' in page
    printed = system.client.get(f"/v1/meetings/weekly/{THIS_WEEK}", headers={**chair, "Accept": "text/html"})
    assert "Städa passagen" in printed.text
    assert "/withdraw" not in printed.text  # the minutes printed or mailed offer no button
    sent = {"csrf": form_token(page), "week": THIS_WEEK}
    back = system.client.post(f"/app/tasks/{task['event_id']}/withdraw", data=sent, follow_redirects=False)
    assert back.headers["location"] == f"/app/meeting?week={THIS_WEEK}"
    assert "Städa passagen" not in system.client.get(f"/app/meeting?week={THIS_WEEK}").text


def test_uppgifter_shows_what_is_to_do_and_what_was_settled_lately_not_every_task_ever(
    system: System,
) -> None:
    chair = auth(system.add_partner("0180", "kommunen", role="admin"))
    partner = system.add_person("0180", "bostaden", "ali@bostad.se")
    due = {"Gammal uppgift": shift(THIS_WEEK, -6), "Ny uppgift": shift(THIS_WEEK, -1), "Kvar": THIS_WEEK}
    tasks = [{"organisation": "bostaden", "text": text, "due_week": week} for text, week in due.items()]
    system.client.post(f"/v1/meetings/weekly/{shift(THIS_WEEK, -7)}", json={"tasks": tasks}, headers=chair)
    for task in system.client.get("/v1/tasks", headers=chair).json()["tasks"]:
        if task["text"] != "Kvar":
            system.client.patch(f"/v1/tasks/{task['event_id']}", json={"status": "done"}, headers=chair)
    log_in(system.client, "ali@bostad.se", partner)
    page = system.client.get("/app/tasks").text
    to_do, settled = page.split("Avklarade, med klar vecka de senaste 4 veckorna")
    assert "Kvar" in to_do
    assert "Ny uppgift" in settled
    assert "Gammal uppgift" not in page  # in the API, not on the phone
