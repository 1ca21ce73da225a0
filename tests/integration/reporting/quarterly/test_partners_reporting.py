"""The quarterly analysis says how regularly each partner reported the quarter's weeks: a fall in a
partner's incidents is read against its silence."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import pytest

from embrace.weeks import label
from services.cli.main import main
from services.reporting.quarterly.quarters import days, last_quarter
from tests.support.payloads import STOCKHOLM, Week
from tests.support.system import System, auth


def test_the_quarter_counts_each_partners_weeks_reported_and_said_empty(
    system: System, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    quarter = last_quarter(datetime.now(UTC))
    first, last = days(quarter)
    weeks = {label(first + timedelta(days=n)) for n in range((last - first).days + 1)}
    municipality, firm = system.add_partner("0180", "kommunen"), system.add_partner("0180", "vakten")
    system.add_partner("0180", "bostaden")  # silent all quarter
    for offset in (14, 21):
        monday = datetime.combine(first + timedelta(days=offset - first.weekday()), time(), STOCKHOLM)
        incident = {"category": "littering", "time": {"kind": "instant", "at": Week(monday).at(2, 20)},
                    "location": {"address": "Storgatan 1"}}  # fmt: skip
        sent = system.client.post("/v1/reports", json={"incidents": [incident]}, headers=auth(municipality))
        assert sent.status_code == 202, sent.text
    nothing = {"reporting_week": label(first + timedelta(days=28)), "incidents": []}
    assert system.client.post("/v1/reports", json=nothing, headers=auth(firm)).status_code == 202
    system.relay.drain()
    asked = f"/v1/situation/quarterly?quarter={quarter}"
    analysis = system.client.get(asked, headers=auth(municipality)).json()
    reporting = analysis["reporting"]
    assert reporting == {"weeks": len(weeks), "partners": [
        {"organisation": "bostaden", "reported": 0, "nothing": 0},
        {"organisation": "vakten", "reported": 1, "nothing": 1},
        {"organisation": "kommunen", "reported": 2, "nothing": 0},
    ]}  # fmt: skip
    page = system.client.get(asked, headers=auth(municipality, Accept="text/html")).text
    assert f"Rapporterade veckor (av {len(weeks)})" in page
    for name, value in system.command_environment().items():
        monkeypatch.setenv(name, value)
    assert main(["situation", "quarterly", "--tenant", "0180", "--quarter", quarter]) == 0
    assert json.loads(capsys.readouterr().out) == analysis  # the CLI prints the analysis the API gives
