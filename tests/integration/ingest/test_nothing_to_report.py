"""Nothing to report: a partner says it had no incidents in a week, by the API or in the web app, so the
weekly meeting can tell a quiet week from a forgotten report."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from embrace.sqlstore.tables import StoredReport
from services.reporting.weekly.partners import not_reported
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth, form_token, log_in

LAST, THIS = weeks_ago(1).label, weeks_ago(0).label


def nothing(week: str) -> dict[str, object]:
    return {"reporting_week": week, "incidents": []}


def stored(system: System) -> list[tuple[str, int, bool]]:
    with system.sql_store.session() as session:
        rows = session.scalars(select(StoredReport).order_by(StoredReport.submitted_at))
        return [(r.reporting_week, r.incident_count, r.retracted) for r in rows]


def test_a_partner_says_by_the_api_that_it_had_nothing_to_report(system: System, key: str) -> None:
    answer = system.client.post("/v1/reports", json=nothing(LAST), headers=auth(key))
    assert answer.status_code == 202, answer.text
    assert {k: answer.json()[k] for k in ("incidents", "reporting_week", "status")} == {
        "incidents": 0, "reporting_week": LAST, "status": "accepted"
    }  # fmt: skip
    listed = system.client.get(f"/v1/reports?week={LAST}", headers=auth(key)).json()["reports"]
    assert [(r["status"], r["incidents"]) for r in listed] == [("active", [])]
    with system.sql_store.session() as session:
        assert "stadsdelen" not in not_reported(session, "0180", LAST)


def test_nothing_to_report_names_an_ended_week(system: System, key: str) -> None:
    english = auth(key, **{"Accept-Language": "en"})
    unnamed = system.client.post("/v1/reports", json={"incidents": []}, headers=english)
    assert unnamed.status_code == 422
    [error] = unnamed.json()["errors"]
    assert (error["field"], error["code"]) == ("incidents", "incidents_missing")
    assert "or names its reporting week" in error["message"]
    running = system.client.post("/v1/reports", json=nothing(THIS), headers=english)
    assert running.status_code == 422
    [error] = running.json()["errors"]
    assert (error["field"], error["code"]) == ("reporting_week", "week_not_ended")
    assert error["message"] == f"Week {THIS} has not ended: the latest week a report covers is {LAST}."
    assert stored(system) == []


def signed_in(system: System) -> TestClient:
    password = system.add_person("0180", "kommunen", "anna@kommun.se")
    log_in(system.client, "anna@kommun.se", password)
    return system.client


def offered(page: str) -> str | None:
    """The week the page offers to say *nothing to report* of, if any."""
    found = re.search(r'action="/app/reports/nothing".*?name="week" value="([^"]+)"', page, re.S)
    return found.group(1) if found else None


def test_a_partner_says_in_the_web_app_that_last_week_had_nothing_to_report(system: System) -> None:
    client = signed_in(system)
    page = client.get("/app/report").text
    assert offered(page) == LAST
    said = client.post(
        "/app/reports/nothing", data={"csrf": form_token(page), "week": LAST}, follow_redirects=False
    )
    assert said.status_code == 303
    assert said.headers["location"].startswith(f"/app/reports?week={LAST}&sent=")
    week = client.get(said.headers["location"]).text
    assert "· Inget att rapportera" in week
    assert offered(week) is None
    assert offered(client.get("/app/report").text) is None
    again = client.post("/app/reports/nothing", data={"csrf": form_token(page), "week": LAST})
    assert again.status_code == 200
    assert stored(system) == [(LAST, 0, False)]  # said once, however often the button is pressed
    [withdraw] = re.findall(r'action="(/app/reports/[^/]+/withdraw)"', week)
    client.post(withdraw, data={"csrf": form_token(page)})
    assert offered(client.get(f"/app/reports?week={LAST}").text) == LAST  # withdrawn, it may be said again


def test_nothing_to_report_is_not_offered_for_a_running_week_nor_beside_a_report(system: System) -> None:
    client = signed_in(system)
    assert offered(client.get(f"/app/reports?week={THIS}").text) is None
    running = client.post("/app/reports/nothing", data={"csrf": form_token(client.get("/app/report").text),
                                                        "week": THIS})  # fmt: skip
    assert running.status_code == 422
    assert stored(system) == []
    key = system.add_partner("0180", "kommunen")
    incident = {"category": "littering", "time": {"kind": "instant", "at": weeks_ago(1).at(2, 22)},
                "location": {"area_id": "centrum"}}  # fmt: skip
    system.client.post("/v1/reports", json={"incidents": [incident]}, headers=auth(key))
    assert offered(client.get(f"/app/reports?week={LAST}").text) is None
    assert offered(client.get("/app/report").text) is None
