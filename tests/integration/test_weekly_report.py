"""The weekly situation report on the embedded system, every number against a count made here from what
was reported: last week against 4 and 12 weeks and a year before, by z-score; times; sources."""

from __future__ import annotations

import math
from datetime import datetime, time
from typing import Any

from embrace.weeks import monday_of
from services.reporting.comparison import Weeks
from tests.support.payloads import STOCKHOLM, Week, weeks_ago
from tests.support.system import System

LAST = weeks_ago(1)
WEEKS = Weeks.of(LAST.label)


def week(label: str) -> Week:
    return Week(datetime.combine(monday_of(label), time(), STOCKHOLM))


def at(when: Week, category: str, day: int = 2, hour: int = 22) -> dict[str, Any]:
    return {"category": category, "time": {"kind": "instant", "at": when.at(day, hour)},
            "location": {"area_id": "centrum"}}  # fmt: skip


def report(system: System, key: str, incidents: list[dict[str, Any]]) -> None:
    answer = system.client.post("/v1/reports", json={"incidents": incidents}, headers={"X-API-Key": key})
    assert answer.status_code == 202, answer.text


def z(current: float, baseline: float) -> float:
    return round(2 * (math.sqrt(current) - math.sqrt(baseline)), 2)


def test_last_week_against_earlier_weeks_by_every_dimension(system: System) -> None:
    kommunen = system.add_partner("0180", "kommunen")
    bostader = system.add_partner("0180", "bostader", kind="housing")
    vakt = system.add_partner("0180", "vakt", kind="security")
    for label in WEEKS.twelve:
        report(system, kommunen, [at(week(label), "graffiti", day=1), at(week(label), "graffiti", day=3)])
    report(system, vakt, [at(week(WEEKS.twelve[0]), "vandalism")])  # a partner silent since
    report(system, kommunen, [at(week(WEEKS.year_before), "graffiti")] * 4)
    report(system, kommunen, [at(LAST, "graffiti")] * 9)
    report(system, bostader, [at(LAST, "littering", day=5, hour=3)] * 3)
    system.relay.drain()

    answer = system.client.get(f"/v1/reports/weekly?week={LAST.label}", headers={"X-API-Key": kommunen})
    assert answer.status_code == 200, answer.text
    weekly = answer.json()
    assert (weekly["tenant"], weekly["week"]) == ("0180", LAST.label)
    assert weekly["totals"]["incidents"] == 12
    assert weekly["totals"]["by_source"] == {"municipality": 9, "housing": 3}
    graffiti, littering = weekly["by"]["category"][:2]
    assert graffiti == {"key": "graffiti", "last_week": 9, "mean_4": 2.0, "mean_12": 2.0,
                        "same_week_last_year": 4, "z_4": z(9, 2), "z_12": z(9, 2), "z_year": z(9, 4),
                        "flag": "notable"}  # fmt: skip
    assert (littering["key"], littering["last_week"], littering["z_12"], littering["flag"]) == (
        "littering",
        3,
        z(3, 0),
        "notable",
    )
    vandalism = next(row for row in weekly["by"]["category"] if row["key"] == "vandalism")
    assert (vandalism["last_week"], vandalism["mean_12"], vandalism["flag"]) == (0, round(1 / 12, 2), "")
    times = weekly["times"]
    assert times["hour_weekday"][2][22] == 9  # Wednesday 22:00
    assert times["hour_weekday"][5][3] == 3  # Saturday 03:00
    assert times["timed"] == 12
    assert weekly["sources"]["reporting"] == ["bostader", "kommunen"]
    assert weekly["sources"]["silent"] == ["vakt"]
    assert weekly["compared_with"]["year_before"] == WEEKS.year_before


def test_a_tenant_reads_only_its_own_report(system: System) -> None:
    mine = system.add_partner("0180", "kommunen")
    system.add_partner("0380", "kommunen")
    answer = system.client.get(
        f"/v1/reports/weekly?week={LAST.label}&tenant=0380", headers={"X-API-Key": mine}
    )
    assert answer.status_code == 403
