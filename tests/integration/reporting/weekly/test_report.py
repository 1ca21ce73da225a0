"""The weekly situation report on the embedded system, every number against a count made here from what
was reported: last week against the 12 weeks before with their dispersion, flagged across the report;
the 4 weeks before and a year before beside it; times; sources; never a week that has not ended."""

from __future__ import annotations

import json
import math
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest

from embrace.naming import Names
from embrace.taxonomy import Taxonomy
from embrace.weeks import monday_of
from services.cli.main import main
from services.reporting.weekly.comparison import Weeks
from services.reporting.weekly.page import render_html
from services.reporting.weekly.report import weekly_report
from tests.support.payloads import SQUARE, STOCKHOLM, Week, area, weeks_ago
from tests.support.system import System, auth

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


def z(current: float, baseline: float, weeks: int = 12) -> float:
    """On the square-root scale, for a baseline of steady weeks (dispersion 1)."""
    return round(2 * (math.sqrt(current + 3 / 8) - math.sqrt(baseline + 3 / 8)) / math.sqrt(1 + 1 / weeks), 2)


def test_last_week_against_earlier_weeks_by_every_dimension(system: System) -> None:
    kommunen = system.add_partner("0180", "kommunen")
    bostader = system.add_partner("0180", "bostader", kind="housing")
    vakt = system.add_partner("0180", "vakt", kind="security")
    for label in WEEKS.twelve:
        report(system, kommunen, [at(week(label), "graffiti", day=1), at(week(label), "graffiti", day=3)])
    report(system, vakt, [at(week(WEEKS.twelve[0]), "vandalism")])  # a partner silent since
    report(system, kommunen, [at(week(YEAR_BEFORE), "graffiti")] * 4)
    report(system, kommunen, [at(LAST, "graffiti")] * 9)
    report(system, bostader, [at(LAST, "littering", day=5, hour=3)] * 3)
    system.relay.drain()

    answer = system.client.get(f"/v1/situation/weekly?week={LAST.label}", headers={"X-API-Key": kommunen})
    assert answer.status_code == 200, answer.text
    weekly = answer.json()
    assert (weekly["tenant"], weekly["week"]) == ("0180", LAST.label)
    assert weekly["totals"]["incidents"] == 12
    assert weekly["totals"]["by_source"] == {"municipality": 9, "housing": 3}
    graffiti, littering = weekly["by"]["category"][:2]
    p = math.erfc(z(9, 2) / math.sqrt(2))
    assert graffiti == {"key": "graffiti", "last_week": 9, "mean_4": 2.0, "mean_12": 2.0,
                        "same_week_last_year": 4, "usual": [0, 6], "dispersion": 1.0, "z": z(9, 2),
                        "p": pytest.approx(p, rel=1e-2), "flag": "notable"}  # fmt: skip
    # Its group, area, source and the total rose alike, and the report's rows are flagged together.
    assert weekly["totals"]["flag"] == "notable"
    # Three after none: below the minimum of 5, never flagged however it compares.
    assert (littering["key"], littering["last_week"], littering["p"], littering["flag"]) == (
        "littering",
        3,
        1,
        "",
    )
    vandalism = next(row for row in weekly["by"]["category"] if row["key"] == "vandalism")
    assert (vandalism["last_week"], vandalism["mean_12"], vandalism["flag"]) == (0, round(1 / 12, 2), "")
    times = weekly["times"]
    assert times["hour_weekday"][2][22] == 9  # Wednesday 22:00
    assert times["hour_weekday"][5][3] == 3  # Saturday 03:00
    assert times["timed"] == 12
    assert weekly["sources"]["reporting"] == ["bostader", "kommunen"]
    assert weekly["sources"]["silent"] == ["vakt"]
    assert weekly["compared_with"]["year_before"] == YEAR_BEFORE


def test_a_tenant_that_began_lately_is_compared_only_with_the_weeks_it_was_reporting(system: System) -> None:
    kommunen = system.add_partner("0180", "kommunen")
    for label in WEEKS.twelve[-3:]:  # its first three weeks, two incidents each
        report(system, kommunen, [at(week(label), "graffiti")] * 2)
    report(system, kommunen, [at(LAST, "graffiti")] * 9)
    system.relay.drain()
    weekly = weekly_report(system.warehouse, "0180", LAST.label)
    assert weekly.compared_with["twelve"] == WEEKS.twelve[-3:]
    assert weekly.compared_with["year_before"] is None
    total = weekly.totals
    # Against three weeks of 2, not twelve of which nine were 0 (a mean of 0.5: a rise out of all measure)
    assert (total["mean_4"], total["mean_12"], total["same_week_last_year"]) == (2.0, 2.0, None)
    assert total["z"] == z(9, 2, weeks=3)
    assert list(weekly.trend) == [*WEEKS.twelve[-3:], LAST.label]
    page = render_html(weekly, Taxonomy.load(), "sv")
    assert "Jämfört med de 3 veckor sedan kommunens första rapporterade händelse" in page
    first = weekly_report(system.warehouse, "0180", WEEKS.twelve[-3])  # its first week: nothing before
    assert (first.totals["usual"], first.totals["mean_12"], first.totals["flag"]) == (None, None, "")
    assert "–" in render_html(first, Taxonomy.load(), "sv")


def test_a_tenant_reads_only_its_own_report(system: System) -> None:
    mine = system.add_partner("0180", "kommunen")
    system.add_partner("0380", "kommunen")
    answer = system.client.get(
        f"/v1/situation/weekly?week={LAST.label}&tenant=0380", headers={"X-API-Key": mine}
    )
    assert answer.status_code == 403


def test_a_week_that_has_not_ended_gets_no_report_which_would_read_as_a_fall(
    system: System, capsys: pytest.CaptureFixture[str]
) -> None:
    key = system.add_partner("0180", "kommunen")
    this_week = weeks_ago(0).label
    for path in ("/v1/situation/weekly", "/v1/situation/weekly/region"):
        answer = system.client.get(
            path, params={"week": this_week}, headers={**auth(key), "Accept-Language": "en"}
        )
        assert answer.status_code == 422, path
        [error] = answer.json()["errors"]
        assert (error["field"], error["code"]) == ("query.week", "week_not_ended")
        assert (
            error["message"]
            == f"Week {this_week} has not ended: the latest week a report covers is {LAST.label}."
        )
    assert main(["situation", "weekly", "--tenant", "0180", "--week", this_week]) == 2
    assert f"--week {this_week} has not ended" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # and no quarterly analysis of a quarter to come
        main(["situation", "quarterly", "--tenant", "0180", "--quarter", "2099-Q1"])
    assert "argument --quarter: 2099-Q1 has not begun" in capsys.readouterr().err


def test_the_report_reads_as_a_self_contained_page_in_swedish_or_english_and_prints_to_pdf(
    system: System,
) -> None:
    key = system.add_partner("0180", "kommunen")
    report(system, key, [at(LAST, "graffiti")] * 5 + [at(week(WEEKS.four[0]), "graffiti")])
    system.relay.drain()
    asked = f"/v1/situation/weekly?week={LAST.label}"
    swedish = system.client.get(asked, headers={"X-API-Key": key, "Accept": "text/html"})
    assert swedish.headers["content-type"].startswith("text/html")
    page = swedish.text
    assert f"Lägesbild vecka {LAST.label}" in page
    assert "Klotter" in page  # the taxonomy's Swedish label
    for fetched in ("<script", "<link", " src="):  # nothing to fetch: the page stands alone
        assert fetched not in page
    assert page.count("<svg") == 3
    english = system.client.get(
        asked, headers={"X-API-Key": key, "Accept": "text/html", "Accept-Language": "en"}
    )
    assert f"Situation report week {LAST.label}" in english.text
    pdf = system.client.get(asked, headers={"X-API-Key": key, "Accept": "application/pdf"})
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_cli_writes_the_report_as_json_html_or_pdf(
    system: System, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key = system.add_partner("0180", "kommunen")
    report(system, key, [at(LAST, "graffiti")] * 2)
    system.relay.drain()
    settings = system.settings
    for name, value in (("HOME", str(settings.home)), ("CLICKHOUSE_DSN", settings.warehouse_dsn),
                        ("CLICKHOUSE_DATABASE", settings.clickhouse_database)):  # fmt: skip
        monkeypatch.setenv(f"EMBRACE_{name}", value)
    assert main(["situation", "weekly", "--tenant", "0180", "--week", LAST.label]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["incidents"] == 2
    assert main(["situation", "weekly", "--tenant", "0180", "--week", LAST.label, "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "Kommun 0180" in page  # the tenant and its organisations by their names, as on the web
    assert "Rapporterade veckan: Kommunen." in page
    out = tmp_path / "report.pdf"
    assert main(["situation", "weekly", "--tenant", "0180", "--week", LAST.label, "--format", "pdf"]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["situation", "weekly", "--tenant", "0180", "--week", LAST.label, "--format", "pdf",
                 "--out", str(out)]) == 0  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF")


def test_a_page_for_readers_beyond_the_tenant_hides_small_counts(system: System) -> None:
    key = system.add_partner("0180", "kommunen")
    report(system, key, [at(LAST, "graffiti")] * 6 + [at(LAST, "littering")] + [at(LAST, "vandalism")] * 4)
    system.relay.drain()
    weekly = weekly_report(system.warehouse, "0180", LAST.label)
    open_page = render_html(weekly, Taxonomy.load(), "sv")
    protected = render_html(weekly, Taxonomy.load(), "sv", protect=True)
    assert "Snitt 4 v" in open_page
    assert "Snitt 4 v" not in protected  # means could give away small counts of earlier weeks
    rows = {row.key: row.last_week for row in weekly.by["category"]}
    assert rows == {"graffiti": 6, "vandalism": 4, "littering": 1}
    assert ">&lt; 3</td>" in protected  # littering
    assert ">–</td>" in protected  # and vandalism, the smallest other, so littering cannot be worked out
    assert ">1</td>" not in protected.split("Kategorier")[1].split("</table>")[0]


def test_the_region_has_its_own_report_across_tenants_for_regional_keys(system: System) -> None:
    stockholm, malmo = system.add_partner("0180", "kommunen"), system.add_partner("1280", "kommunen")
    report(system, stockholm, [at(LAST, "graffiti")] * 4)
    report(system, malmo, [at(LAST, "graffiti")] * 2 + [at(LAST, "littering")])
    system.relay.drain()
    regional = system.add_partner("0180", "lansstyrelsen", role="regional")
    asked = f"/v1/situation/weekly/region?week={LAST.label}"
    region = system.client.get(asked, headers={"X-API-Key": regional}).json()
    assert region["totals"]["incidents"] == 7
    assert [(row["key"], row["last_week"]) for row in region["by"]["tenant"]] == [("0180", 4), ("1280", 3)]
    assert [(row["key"], row["last_week"]) for row in region["by"]["area"]] == [
        ("0180/centrum", 4),
        ("1280/centrum", 3),
    ]
    assert region["sources"]["reporting"] == ["0180/kommunen", "1280/kommunen"]
    assert system.client.get(asked, headers={"X-API-Key": stockholm}).status_code == 403


def test_the_map_draws_cells_where_their_incidents_are_over_the_areas_outlines(system: System) -> None:
    admin = system.add_partner("0180", "kommunen", role="admin")
    uploaded = system.client.post("/v1/areas", json=area("torget", SQUARE), headers=auth(admin))
    assert uploaded.status_code == 200, uploaded.text
    placed = {**at(LAST, "graffiti"), "location": {"point": {"lat": 59.305, "lon": 18.005}}}
    report(system, admin, [placed] * 3)
    system.relay.drain()
    weekly = weekly_report(system.warehouse, "0180", LAST.label)
    (cell,) = weekly.cells
    assert (cell["lat"], cell["lon"], cell["incidents"]) == (59.305, 18.005, 3)  # not lon for lat
    assert cell["area"] == "torget"  # the area its incidents lie in, to name the cell by
    assert weekly.outlines == [{"area_id": "torget", "name": "Torget", "rings": [SQUARE]}]
    page = render_html(weekly, Taxonomy.load(), "sv", Names("Stockholm"))
    assert page.count("<polygon") == 1
    assert "<title>Torget</title>" in page
