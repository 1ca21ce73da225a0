"""Back-filled history and perceived-safety surveys, from CSV files as municipalities keep them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from embrace.errors import OperatorError
from embrace.settings import Settings
from embrace.sqlstore.credentials import principal_of
from embrace.sqlstore.registry import find_organisation
from embrace.taxonomy import Taxonomy
from embrace.validation import BoundingBox
from services.ingest.imports.history import Checks, import_history
from services.ingest.imports.history_mapping import load_mapping
from services.ingest.imports.records import ImportSummary
from services.ingest.imports.surveys import import_surveys
from tests.support.payloads import area
from tests.support.system import System, auth, embedded_system

MAPPING = """
[columns]
id = "Diarienr"
date = "Datum"
time = "Kl"
start_time = "Från"
end_time = "Till"
category = "Typ"
crime_code = "Brottskod"
address = "Adress"
lat = "Lat"
lon = "Lon"
description = "Beskrivning"
police_reported = "Polisanmäld"

[format]
delimiter = ";"
date = "%Y-%m-%d"
decimal_comma = true

[categories]
"Klotter" = "graffiti"
"Nedskräpning" = "littering"

[crime_codes]
"12" = "vandalism"
"98" = "theft"
"9802" = "shoplifting"
"""
HEADER = "Diarienr;Datum;Kl;Från;Till;Typ;Brottskod;Adress;Lat;Lon;Beskrivning;Polisanmäld"
TOMORROW = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
ROWS = [
    "A-1;2019-05-04;22:15;;;Klotter;;Storgatan 1;;;Tel 070-123 45 67;ja",  # line 2: old is fine for history
    "A-2;2019-05-05;;22:00;06:00;Nedskräpning;;;59,3293;18,0686;;nej",  # 3: a night, over midnight
    "A-3;2019-05-06;;;;;1201;Torget;;;;",  # 4: whole day, by crime code
    "A-4;2019-05-06;;;;;9802;Torget;;;;",  # 5: the longest prefix wins: shoplifting, not theft
    "A-5;06/05/2019;;;;Klotter;;Torget;;;;",  # 6: date in the wrong format
    "A-6;2019-05-06;;;;Fyrverkerier;;Torget;;;;",  # 7: not in the mapping
    "A-7;2019-05-06;;;;;7777;Torget;;;;",  # 8: crime code not in the mapping
    "A-8;2019-05-06;;;;Klotter;;;;;;",  # 9: no place at all
    f"A-9;{TOMORROW};12:00;;;Klotter;;Torget;;;;",  # 10: in the future
    "A-10;2019-05-06;;;;Klotter;;;59,91;10,75;;",  # 11: Oslo: not Sweden
]


@pytest.fixture
def system(settings: Settings) -> Iterator[System]:
    with embedded_system(settings) as assembled:
        assembled.add_partner("0180", "stadsdelen")
        yield assembled


def history_import(system: System, tmp_path: Path, rows: list[str], taxonomy: Taxonomy) -> ImportSummary:
    csv_file, mapping_file = tmp_path / "historik.csv", tmp_path / "mapping.toml"
    csv_file.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    mapping_file.write_text(MAPPING, encoding="utf-8")
    with system.sql_store.session() as session:
        organisation = find_organisation(session, "0180", "stadsdelen")
        assert organisation is not None
        principal = principal_of(organisation, "reporter", "import")
    checks = Checks(taxonomy, BoundingBox(), ZoneInfo("Europe/Stockholm"))
    summary = import_history(
        system.sql_store, csv_file, load_mapping(mapping_file, taxonomy), principal, checks
    )
    system.relay.drain()
    return summary


def categories(system: System) -> list[tuple[str, str, str]]:
    return system.warehouse.query(
        "SELECT category, time_precision, toString(local_date) FROM {db}.current_incidents "
        "ORDER BY time_start, category"
    )


def test_good_rows_go_in_and_bad_rows_are_reported_by_line(
    system: System, tmp_path: Path, taxonomy: Taxonomy
) -> None:
    summary = history_import(system, tmp_path, ROWS, taxonomy)
    reasons = dict(summary.rejections)
    path = tmp_path / "historik.csv"
    assert summary.counts["new"] == 4
    assert set(reasons) == {f"{path}:{line}" for line in (6, 7, 8, 9, 10, 11)}
    assert reasons[f"{path}:6"] == "date '06/05/2019' is not like %Y-%m-%d"
    assert reasons[f"{path}:7"] == "category 'Fyrverkerier' is not in the mapping's [categories]"
    assert reasons[f"{path}:8"] == "crime code '7777' matches no prefix in the mapping's [crime_codes]"
    assert "give a point, an address or an area_id" in reasons[f"{path}:9"]
    assert "lies in the future" in reasons[f"{path}:10"]
    assert reasons[f"{path}:11"] == "the point is not in Sweden"
    assert categories(system) == [
        ("graffiti", "instant", "2019-05-04"),
        ("littering", "window", "2019-05-06"),  # 22:00-06:00 is counted at its midpoint, 02:00
        ("shoplifting", "window", "2019-05-06"),
        ("vandalism", "window", "2019-05-06"),
    ]
    description = system.warehouse.query(
        "SELECT description FROM {db}.current_incidents WHERE category = 'graffiti'"
    )
    assert description == [("Tel [telefonnummer]",)]


def test_running_the_import_again_changes_nothing_and_an_edited_row_is_a_new_version(
    system: System, tmp_path: Path, taxonomy: Taxonomy
) -> None:
    history_import(system, tmp_path, ROWS[:4], taxonomy)
    again = history_import(system, tmp_path, ROWS[:4], taxonomy)
    assert (again.counts["new"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 4)
    edited = [ROWS[0].replace("Klotter", "Nedskräpning"), *ROWS[1:4]]
    changed = history_import(system, tmp_path, edited, taxonomy)
    assert changed.counts["updated"] == 1
    assert [c for c, _, _ in categories(system)] == ["littering", "littering", "shoplifting", "vandalism"]


def test_a_mapping_to_a_category_that_does_not_exist_is_refused(tmp_path: Path, taxonomy: Taxonomy) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\ndate = "Datum"\ncategory = "Typ"\n[categories]\n"Klotter" = "klotter"\n')
    with pytest.raises(OperatorError, match=r"mapping.toml: \[categories\] 'klotter' maps to 'klotter'"):
        load_mapping(mapping, taxonomy)


def test_a_missing_column_names_the_file_and_line(system: System, tmp_path: Path, taxonomy: Taxonomy) -> None:
    with pytest.raises(OperatorError, match=r"historik\.csv:1: no column 'Diarienr'"):
        _missing(system, tmp_path, taxonomy)


def _missing(system: System, tmp_path: Path, taxonomy: Taxonomy) -> None:
    csv_file, mapping_file = tmp_path / "historik.csv", tmp_path / "mapping.toml"
    csv_file.write_text("Datum;Typ\n2019-05-04;Klotter\n")
    mapping_file.write_text(MAPPING)
    with system.sql_store.session() as session:
        organisation = find_organisation(session, "0180", "stadsdelen")
        assert organisation is not None
    checks = Checks(taxonomy, BoundingBox(), ZoneInfo("Europe/Stockholm"))
    principal = principal_of(organisation, "reporter", "import")
    import_history(system.sql_store, csv_file, load_mapping(mapping_file, taxonomy), principal, checks)


# --- surveys -----------------------------------------------------------------------------------------------

SURVEY = """survey;area_id;period_start;period_end;indicator;measure;value;respondents
Trygghetsmätning 2025;centrum;2025-01-01;2025-12-31;otrygg_ute_kvall;share;0,34;412
Trygghetsmätning 2025;hamnen;2025-01-01;2025-12-31;otrygg_ute_kvall;share;0,21;198
Trygghetsmätning 2025;centrum;2025-01-01;2025-12-31;trygghetsindex;index;61,5;412
Trygghetsmätning 2025;centrum;2025-01-01;2025-12-31;otrygg_i_bostaden;share;1,4;412
Trygghetsmätning 2025;norr;2025-01-01;2025-12-31;otrygg_ute_kvall;share;0,3;88
"""


def test_survey_results_are_stored_per_area_and_bad_rows_reported(system: System, tmp_path: Path) -> None:
    admin = system.add_partner("0180", "kommunen", role="admin")
    areas = {"type": "FeatureCollection", "features": [area("centrum"), area("hamnen")]}
    system.client.post("/v1/areas", json=areas, headers=auth(admin))
    survey = tmp_path / "trygghet.csv"
    survey.write_text(SURVEY)
    summary = import_surveys(system.sql_store, survey, "0180")
    system.relay.drain()
    assert summary.counts["new"] == 3
    assert [where for where, _ in summary.rejections] == [f"{survey}:5", f"{survey}:6"]
    assert "a share lies between 0 and 1" in summary.rejections[0][1]
    assert summary.rejections[1][1] == "unknown area 'norr'"
    rows = system.warehouse.query(
        "SELECT area_id, indicator, value FROM {db}.survey_results FINAL ORDER BY area_id, indicator"
    )
    assert rows == [
        ("centrum", "otrygg_ute_kvall", 0.34),
        ("centrum", "trygghetsindex", 61.5),
        ("hamnen", "otrygg_ute_kvall", 0.21),
    ]
    survey.write_text(SURVEY.replace("0,21", "0,19"))
    again = import_surveys(system.sql_store, survey, "0180")
    system.relay.drain()
    assert (again.counts["unchanged"], again.counts["updated"]) == (2, 1)
    assert system.warehouse.query(
        "SELECT value, version FROM {db}.survey_results FINAL WHERE area_id = 'hamnen'"
    ) == [(0.19, 2)]
