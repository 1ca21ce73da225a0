"""The police history imported counts, week by week and municipality by municipality, what an
independent reading of the raw file says, and the weekly reports say the same."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from embrace.settings import Settings
from services.reporting.weekly.report import weekly_report
from tests.integration.ingest.imports.police_system import CHECKED, checked_system, run_import, stored_counts
from tests.support.system import System


@pytest.fixture
def system(settings: Settings, data_dir: Path) -> Iterator[System]:
    with checked_system(settings, data_dir) as checked:
        yield checked


# --- an independent reading of the raw file, written for this test ----------------------------------------

MONTH = {
    m: n
    for n, m in enumerate(
        (
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ),
        start=1,
    )
}


def independent_counts(history: Path, admin_areas: Path) -> Counter[tuple[str, str]]:
    codes, county_of = {}, {}
    with admin_areas.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            codes[row["municipality_name"].lower()] = row["municipality_code"]
            county_of[row["municipality_code"]] = row["county_name"].lower()
    latest: dict[int, dict[str, Any]] = {}
    for line in history.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)["event"]
        latest[event["id"]] = event  # the file is in the order it was seen: the last version wins
    counts: Counter[tuple[str, str]] = Counter()
    for event in latest.values():
        if event["type"].strip().startswith("Sammanfattning"):
            continue
        where = event["location"]["name"].lower()
        code = codes.get(where)
        if code is None and where.endswith(" län"):
            named = codes.get(event["name"].rsplit(",", 1)[1].strip().lower())
            code = named if named and county_of[named] == where else None
        if code not in CHECKED:
            continue
        day, month, _hour, _minute = re.match(r"(\d+) (\w+) (\d+)[.:](\d+)", event["name"]).groups()  # type: ignore[union-attr]
        published = datetime.strptime(re.sub(r" (\d):", r" 0\1:", event["datetime"]), "%Y-%m-%d %H:%M:%S %z")
        year = published.year if MONTH[month] <= published.month else published.year - 1
        iso = date(year, MONTH[month], int(day)).isocalendar()
        counts[(code, f"{iso.year}-W{iso.week:02d}")] += 1
    return counts


def test_the_history_is_counted_as_an_independent_reading_of_the_raw_file_says(
    system: System, data_dir: Path
) -> None:
    history = data_dir / "polisen" / "history-2025-03_06.jsonl"
    summary = run_import(system, history)
    assert summary.counts["rejected"] == 0
    expected = independent_counts(history, data_dir / "geo" / "swedish_admin_areas.csv")
    assert {code for code, _ in expected} == set(CHECKED)
    assert sum(expected.values()) > 1000
    # The scope also keeps notices of the tenants' counties; those of other municipalities are not checked.
    stored = Counter({key: n for key, n in stored_counts(system).items() if key[0] in CHECKED})
    assert stored == expected


def test_weekly_reports_on_the_real_history_count_what_the_raw_file_says(
    system: System, data_dir: Path
) -> None:
    history = data_dir / "polisen" / "history-2025-03_06.jsonl"
    run_import(system, history)
    expected = independent_counts(history, data_dir / "geo" / "swedish_admin_areas.csv")
    weeks = sorted({week for _, week in expected})
    for code in CHECKED:
        for week in weeks[2:-1:2]:  # every other whole week of the file: each report takes a second
            weekly = weekly_report(system.warehouse, code, week)
            count = expected.get((code, week), 0)
            assert weekly.totals["incidents"] == count, (code, week)
            assert weekly.totals["by_source"] == ({"police_events": count} if count else {}), (code, week)
            assert sum(row.last_week for row in weekly.by["category"]) == count, (code, week)
            assert weekly.sources.police_without_place <= count
