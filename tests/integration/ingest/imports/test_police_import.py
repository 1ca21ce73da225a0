"""Importing the Swedish Police's notices, from the real saved responses and the 4-month history."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from embrace.settings import Settings
from embrace.sqlstore.boundaries import place_names, save_boundaries
from embrace.sqlstore.registry import add_tenant
from embrace.taxonomy import Taxonomy
from services.cli.geo_commands import read_names
from services.enrich.police import PoliceTypes, police_report_id
from services.ingest.imports.police_import import Scope, import_police, tenants_scope
from services.ingest.imports.police_notices import read_files
from services.ingest.imports.records import ImportSummary
from services.reporting.weekly.report import weekly_report
from tests.support.system import System, auth, embedded_system

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Large and small, and two that a corrected notice moves between (Eslöv to Hörby, 3 March).
CHECKED = {
    "0180": "Stockholm",
    "1480": "Göteborg",
    "1280": "Malmö",
    "0380": "Uppsala",
    "1960": "Kungsör",
    "1285": "Eslöv",
    "1266": "Hörby",
}


@pytest.fixture
def system(settings: Settings, data_dir: Path) -> Iterator[System]:
    with embedded_system(settings) as assembled:
        with assembled.sql_store.session() as session:
            save_boundaries(session, read_names(data_dir / "geo" / "swedish_admin_areas.csv"))
            for code, name in CHECKED.items():
                add_tenant(session, code, name)
        yield assembled


def run_import(system: System, *files: Path, everything: bool = False) -> ImportSummary:
    with system.sql_store.session() as session:
        names = place_names(session)
        scope = Scope(frozenset(), frozenset(), everything=True) if everything else tenants_scope(session)
    summary = import_police(system.sql_store, read_files(list(files)), names, scope, STOCKHOLM)
    system.relay.drain()
    return summary


def stored_counts(system: System) -> Counter[tuple[str, str]]:
    rows = system.warehouse.query(
        "SELECT tenant, iso_week, count() FROM {db}.current_incidents "
        "WHERE source = 'police_events' AND NOT is_summary GROUP BY tenant, iso_week"
    )
    return Counter({(tenant, week): count for tenant, week, count in rows})


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


def test_importing_the_same_files_again_changes_nothing(system: System, data_dir: Path) -> None:
    # Every saved response and the four-month history (the 18-month one repeats it at four times the cost).
    polisen = data_dir / "polisen"
    files = [*sorted(polisen.glob("snapshot-*.json")), polisen / "history-2025-03_06.jsonl"]
    first = run_import(system, *files)
    before = stored_counts(system)
    again = run_import(system, *files)
    assert first.counts["new"] > 0
    assert (again.counts["new"], again.counts["updated"]) == (0, 0)
    assert stored_counts(system) == before


def test_a_corrected_notice_is_a_new_version_and_its_count_moves_with_it(
    system: System, data_dir: Path
) -> None:
    run_import(system, data_dir / "polisen" / "history-2025-03_06.jsonl")
    moved = "SELECT police_id, version, tenant FROM {db}.police_events FINAL WHERE name LIKE {name:String}"
    rows = system.warehouse.query(moved, {"name": "03 mars 08.49, Trafikolycka, %"})
    assert [(version, tenant) for _, version, tenant in rows] == [(2, "1266")]  # Eslöv, then Hörby
    counted = "SELECT tenant, report_version FROM {db}.current_incidents WHERE report_id = {report:UUID}"
    assert system.warehouse.query(counted, {"report": police_report_id(rows[0][0])}) == [("1266", 2)]


def test_an_empty_or_partial_response_deletes_nothing(system: System, data_dir: Path) -> None:
    polisen = data_dir / "polisen"
    run_import(system, polisen / "snapshot-2025-06-07.json")
    before = stored_counts(system)
    summary = run_import(
        system, polisen / "snapshot-2025-07-18-partial.json", polisen / "snapshot-2024-02-15-empty.json"
    )
    after = stored_counts(system)
    assert summary.counts["rejected"] == 0
    assert all(after[key] >= count for key, count in before.items())


def test_an_older_copy_imported_after_a_newer_one_changes_nothing(system: System, tmp_path: Path) -> None:
    def history(summary: str, fetched: str) -> Path:
        path = tmp_path / f"{fetched}.jsonl"
        event = {
            "id": 1,
            "datetime": "2025-03-03 9:00:00 +01:00",
            "name": "03 mars 08.49, Stöld, Stockholm",
            "summary": summary,
            "url": "/x",
            "type": "Stöld",
            "location": {"name": "Stockholm", "gps": "59.3,18.0"},
        }
        path.write_text(json.dumps({"fetched_at": fetched, "event": event}))
        return path

    newer, older = (
        history("Rättad text.", "2025-03-03T12:00:00+00:00"),
        history("Text.", "2025-03-03T09:00:00+00:00"),
    )
    assert run_import(system, newer).counts["new"] == 1
    assert run_import(system, older).counts["unchanged"] == 1
    assert system.warehouse.query("SELECT summary FROM {db}.police_events FINAL") == [("Rättad text.",)]


def test_an_unknown_type_becomes_other_and_is_flagged_never_dropped(system: System, tmp_path: Path) -> None:
    saved = tmp_path / "new-type.json"
    saved.write_text(
        json.dumps(
            [
                {
                    "id": 2,
                    "datetime": "2025-03-03 9:00:00 +01:00",
                    "name": "03 mars 08.00, Rymning, Stockholm",
                    "summary": "En intern avvek.",
                    "url": "/y",
                    "type": "Rymning",
                    "location": {"name": "Stockholm", "gps": "59.3,18.0"},
                }
            ]
        )
    )
    run_import(system, saved)
    assert system.warehouse.query("SELECT category, flags FROM {db}.current_incidents") == [
        ("other", ["unknown_police_type"])
    ]


def test_summaries_are_kept_and_marked_but_not_counted(system: System, data_dir: Path) -> None:
    run_import(system, data_dir / "polisen" / "snapshot-2025-06-07.json", everything=True)
    kept = system.warehouse.query("SELECT count() FROM {db}.police_events FINAL WHERE is_summary")[0][0]
    counted = system.warehouse.query(
        "SELECT count() FROM {db}.current_incidents WHERE category = 'police_summary' AND NOT is_summary"
    )[0][0]
    assert kept > 10
    assert counted == 0


def test_county_centres_are_never_taken_for_the_place_of_an_incident(system: System, data_dir: Path) -> None:
    run_import(system, data_dir / "polisen" / "history-2025-03_06.jsonl", everything=True)
    precisions = dict(
        system.warehouse.query(
            "SELECT location_precision, count() FROM {db}.current_incidents GROUP BY location_precision"
        )
    )
    assert set(precisions) <= {"municipality", "county"}
    assert precisions["county"] > 0


def test_an_export_never_draws_a_notice_as_a_point(system: System, data_dir: Path) -> None:
    run_import(system, data_dir / "polisen" / "snapshot-2025-06-07.json")
    key = system.add_partner("0180", "kommunen")
    answer = system.client.get(
        "/v1/incidents/export", params={"from": "2025-W01", "to": "2025-W52", "format": "geojson"},
        headers=auth(key),
    )  # fmt: skip
    features = answer.json()["features"]
    assert answer.headers["content-type"] == "application/geo+json"
    assert features
    assert {f["properties"]["organisation"] for f in features} == {"polisen"}
    assert all(f["geometry"] is None and f["properties"]["h3_r9"] == "" for f in features)
    assert {f["properties"]["location_precision"] for f in features} <= {"municipality", "county"}


def test_every_type_seen_in_the_real_data_is_mapped(data_dir: Path, taxonomy: Taxonomy) -> None:
    types = PoliceTypes.load(taxonomy)
    seen: set[str] = set()
    for path in (data_dir / "polisen").glob("*.json*"):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            seen |= {json.loads(line)["event"]["type"] for line in text.splitlines()}
        elif text.strip():
            seen |= {event["type"] for event in json.loads(text)}
    assert [t for t in sorted(seen) if types.category(t) is None] == []


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
