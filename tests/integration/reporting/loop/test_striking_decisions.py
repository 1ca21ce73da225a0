"""A decision recorded by mistake, or twice, is struck from either meeting's minutes on its page; the
minutes printed or mailed offer no such button, and nothing else of the minutes changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.reporting.quarterly.quarters import last_quarter
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth, form_token, log_in

THIS_WEEK = weeks_ago(0).label


def strike(system: System, kind: str, period: str, n: int, page: str) -> Any:
    form = {"csrf": form_token(page), "kind": kind, "period": period, "n": str(n)}
    return system.client.post("/app/meeting/decisions/strike", data=form, follow_redirects=False)


def test_the_chair_strikes_a_weekly_decision_and_keeps_the_rest(system: System) -> None:
    chair = auth(system.add_partner("0180", "kommunen", role="admin"))
    minutes = {"decisions": [{"text": "Fler vuxna ute"}, {"text": "Fler vuxna ute"}], "present": ["kommunen"]}
    system.client.post(f"/v1/meetings/weekly/{THIS_WEEK}", json=minutes, headers=chair)
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "admin"))
    page = system.client.get("/app/meeting").text
    assert page.count('action="/app/meeting/decisions/strike"') == 2
    struck = strike(system, "weekly", THIS_WEEK, 1, page)
    assert struck.status_code == 303
    assert struck.headers["location"] == f"/app/meeting?week={THIS_WEEK}"
    kept = system.client.get(f"/v1/meetings/weekly/{THIS_WEEK}", headers=chair).json()["minutes"]
    assert ([d["text"] for d in kept["decisions"]], kept["present"]) == (["Fler vuxna ute"], ["kommunen"])
    assert strike(system, "weekly", THIS_WEEK, 1, page).status_code == 404  # nothing there any more
    assert strike(system, "weekly", "2026-W01", 0, page).status_code == 404  # no such meeting
    printed = system.client.get(f"/v1/meetings/weekly/{THIS_WEEK}", headers={**chair, "Accept": "text/html"})
    assert "Fler vuxna ute" in printed.text
    assert "/decisions/strike" not in printed.text


def test_the_chair_strikes_a_quarterly_decision(system: System) -> None:
    chair = auth(system.add_partner("0180", "kommunen", role="admin"))
    quarter = last_quarter(datetime.now(UTC))
    minutes = {"decisions": [{"text": "Prioritera centrum"}, {"text": "Fel beslut"}]}
    system.client.post(f"/v1/meetings/quarterly/{quarter}", json=minutes, headers=chair)
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "admin"))
    page = system.client.get(f"/app/meeting/quarterly?quarter={quarter}").text
    struck = strike(system, "quarterly", quarter, 1, page)
    assert struck.headers["location"] == f"/app/meeting/quarterly?quarter={quarter}"
    kept = system.client.get(f"/v1/meetings/quarterly/{quarter}", headers=chair).json()["minutes"]
    assert [d["text"] for d in kept["decisions"]] == ["Prioritera centrum"]
