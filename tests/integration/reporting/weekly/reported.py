"""Reports of the weekly-report tests: incidents placed in given weeks, posted through the API, from
a year before last week on."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from embrace.weeks import monday_of
from services.reporting.weekly.comparison import Weeks
from tests.support.payloads import STOCKHOLM, Week, weeks_ago
from tests.support.system import System

LAST = weeks_ago(1)
WEEKS = Weeks.of(LAST.label)
YEAR_BEFORE = str(WEEKS.year_before)  # the tenant of these tests reports from then on


def week(label: str) -> Week:
    return Week(datetime.combine(monday_of(label), time(), STOCKHOLM))


def at(when: Week, category: str, day: int = 2, hour: int = 22) -> dict[str, Any]:
    return {"category": category, "time": {"kind": "instant", "at": when.at(day, hour)},
            "location": {"area_id": "centrum"}}  # fmt: skip


def report(system: System, key: str, incidents: list[dict[str, Any]]) -> None:
    answer = system.client.post("/v1/reports", json={"incidents": incidents}, headers={"X-API-Key": key})
    assert answer.status_code == 202, answer.text
