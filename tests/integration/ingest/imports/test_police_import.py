"""Importing the Swedish Police's notices, from the real saved responses and the 4-month history."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from embrace.settings import Settings
from embrace.taxonomy import Taxonomy
from services.enrich.police import PoliceTypes, police_report_id
from tests.integration.ingest.imports.police_system import checked_system, run_import, stored_counts
from tests.support.system import System, auth


@pytest.fixture
def system(settings: Settings, data_dir: Path) -> Iterator[System]:
    with checked_system(settings, data_dir) as checked:
        yield checked


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
