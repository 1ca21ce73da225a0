"""The weekly situation report as people read it: a self-contained page in Swedish or English, a PDF,
the CLI's files, small counts hidden for readers beyond the tenant, and the map of its cells."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from embrace.naming import Names
from embrace.taxonomy import Taxonomy
from services.cli.main import main
from services.reporting.weekly.page import render_html
from services.reporting.weekly.report import weekly_report
from tests.integration.reporting.weekly.reported import LAST, WEEKS, at, report, week
from tests.support.payloads import SQUARE, area
from tests.support.system import System, auth


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
    # Tagged, in its language: a screen reader reads the mailed PDF's headings and tables in Swedish.
    assert (b"/StructTreeRoot" in pdf.content, b"/Lang (sv)" in pdf.content) == (True, True)


def test_the_cli_writes_the_same_report_as_the_api_as_json_html_or_pdf(
    system: System, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    key = system.add_partner("0180", "kommunen")
    system.add_partner("0180", "bostaden")  # has not reported the week
    report(system, key, [at(LAST, "graffiti")] * 2)
    system.relay.drain()
    for name, value in system.command_environment().items():
        monkeypatch.setenv(name, value)
    assert main(["situation", "weekly", "--tenant", "0180", "--week", LAST.label]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["totals"]["incidents"] == 2
    assert printed["not_reported"] == ["bostaden"]
    asked = system.client.get(f"/v1/situation/weekly?week={LAST.label}", headers=auth(key))
    assert printed == asked.json()  # one report, whichever way it is asked for
    assert main(["situation", "weekly", "--tenant", "0180", "--week", LAST.label, "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "Kommun 0180" in page  # the tenant and its organisations by their names, as on the web
    assert "Rapporterade veckan: Kommunen." in page
    assert "Ännu inte rapporterat när lägesbilden gjordes: Bostaden." in page
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
