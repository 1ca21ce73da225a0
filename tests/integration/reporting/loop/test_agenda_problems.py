"""The weekly meeting follows each open problem up: the week's incidents in its scope against the usual
range of the weeks before, judged as the weekly report's rows are."""

from __future__ import annotations

from embrace.weeks import shift
from tests.support.payloads import Week, area, weeks_ago
from tests.support.system import System, auth

SCOPE = {"categories": ["graffiti"], "area_ids": ["centrum"]}


def graffiti_in_centrum(week: Week, count: int) -> dict[str, object]:
    incident = {**week.incident("graffiti"), "location": {"area_id": "centrum"}}
    return {"reporting_week": week.label, "incidents": [incident] * count}


def test_each_open_problem_shows_the_week_looked_at_against_its_usual_range(system: System) -> None:
    chair = auth(system.add_partner("0180", "kommunen", role="admin"))
    system.client.post("/v1/areas", json=area("centrum"), headers=chair)
    looked_at = weeks_ago(1)
    history = [(weeks_ago(n), 1) for n in range(13, 1, -1)]  # one a week, the twelve weeks before
    for week, count in (*history, (looked_at, 9)):
        sent = system.client.post("/v1/reports", json=graffiti_in_centrum(week, count), headers=chair)
        assert sent.status_code == 202, sent.text
    system.relay.drain()
    problem = {"title": "Klotter i centrum", "scope": SCOPE, "responsible_organisation": "kommunen"}
    made = system.client.post("/v1/problems", json=problem, headers=chair)
    assert made.status_code == 201, made.text
    meeting = shift(looked_at.label, 1)
    agenda = system.client.get(f"/v1/meetings/weekly/{meeting}", headers=chair).json()["agenda"]
    [shown] = agenda["problems"]
    assert (shown["title"], shown["last_week"]) == ("Klotter i centrum", 9)
    low, high = shown["usual"]
    assert high < 9
    assert shown["flag"] in ("notable", "watch")
    page = system.client.get(f"/v1/meetings/weekly/{meeting}", headers={**chair, "Accept": "text/html"}).text
    assert f'<b>9</b></td><td class="n">{low}–{high}</td>' in page
