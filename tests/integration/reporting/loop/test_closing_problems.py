"""A problem the partners have solved is closed: it leaves the weekly agenda and the meetings' forms, is
listed apart, tells its partners and the next quarterly meeting in which week it was closed, and can be
opened again."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from services.reporting.quarterly.quarters import last_quarter
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth, form_token, log_in

THIS_WEEK = weeks_ago(0).label
PROBLEM = {"title": "Klotter vid skolan", "scope": {"categories": ["graffiti"]},
           "responsible_organisation": "bostaden"}  # fmt: skip


def change(system: System, chair: dict[str, str], problem: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = system.client.patch(f"/v1/problems/{problem}", json=body, headers=chair)
    assert answer.status_code == 200, answer.text
    changed: dict[str, Any] = answer.json()["problem"]
    return changed


def listed(system: System, chair: dict[str, str], query: str = "") -> list[str]:
    return [p["id"] for p in system.client.get(f"/v1/problems{query}", headers=chair).json()["problems"]]


def on_the_agenda(system: System, chair: dict[str, str]) -> list[str]:
    agenda = system.client.get(f"/v1/meetings/weekly/{THIS_WEEK}", headers=chair).json()["agenda"]
    return [p["id"] for p in agenda["problems"]]


def test_a_closed_problem_leaves_the_agenda_and_opens_again(system: System) -> None:
    chair = auth(system.add_partner("0180", "kommunen", role="admin"))
    housing = auth(system.add_partner("0180", "bostaden", kind="housing"))
    problem = system.client.post("/v1/problems", json=PROBLEM, headers=chair).json()["id"]
    assert on_the_agenda(system, chair) == [problem]
    closed = change(system, chair, problem, {"closed": True, "feedback": "Klottret är borta sedan maj."})
    assert closed["closed_in"] == THIS_WEEK
    assert [f["text"] for f in closed["feedback"]] == ["Klottret är borta sedan maj."]
    assert change(system, chair, problem, {"closed": True})["closed_in"] == THIS_WEEK  # as it was
    assert on_the_agenda(system, chair) == []
    assert (listed(system, chair, "?closed=true"), listed(system, chair, "?closed=false")) == ([problem], [])
    [told] = system.client.get("/v1/feedback", headers=housing).json()["problems"]
    assert told["closed_in"] == THIS_WEEK
    quarter = last_quarter(datetime.now(UTC))
    [seen] = system.client.get(f"/v1/meetings/quarterly/{quarter}", headers=chair).json()["problems"]
    assert (seen["id"], seen["closed_in"]) == (problem, THIS_WEEK)  # closed since the quarter began
    system.relay.drain()
    assert system.warehouse.query(
        "SELECT argMax(closed_in, version) FROM {db}.problems WHERE problem_id = {p:UUID}", {"p": problem}
    ) == [(THIS_WEEK,)]
    assert change(system, chair, problem, {"closed": False})["closed_in"] is None
    assert on_the_agenda(system, chair) == [problem]


def test_the_chair_closes_a_problem_on_its_page_and_the_forms_no_longer_offer_it(system: System) -> None:
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "admin"))
    chair = auth(system.add_partner("0180", "kommunen", role="admin"))
    system.add_partner("0180", "bostaden", kind="housing")
    page = system.client.get("/app/problems")
    form = {"csrf": form_token(page.text), "title": "Klotter vid skolan", "category": "graffiti",
            "organisation": "bostaden"}  # fmt: skip
    where = system.client.post("/app/problems", data=form, follow_redirects=False).headers["location"]
    assert "Klotter vid skolan" in system.client.get("/app/meeting").text  # offered to decide about
    task = {"organisation": "bostaden", "text": "Sanera", "due_week": THIS_WEEK, "problem_id": where[-36:]}
    system.client.post(f"/v1/meetings/weekly/{THIS_WEEK}", json={"tasks": [task]}, headers=chair)
    assert (
        "1 av problemets uppgifter är inte klara än" in system.client.get(where).text
    )  # told before closing
    sent = {"csrf": form_token(page.text), "closed": "true", "feedback": "Löst."}
    assert system.client.post(where, data=sent, follow_redirects=False).status_code == 303
    shown = system.client.get(where).text
    assert f"Avslutat vecka {THIS_WEEK}." in shown
    assert 'name="closed" value="false"' in shown  # it can be opened again
    problems = system.client.get("/app/problems").text
    assert re.search(r"<h2>Avslutade</h2>.*Klotter vid skolan", problems, re.S)
    assert "Klotter vid skolan" not in system.client.get("/app/meeting").text
