"""The weekly situation report on the embedded system, every number against a count made here from what
was reported: last week against the 12 weeks before with their dispersion, flagged across the report;
the 4 weeks before and a year before beside it; times; sources; the region's; never a week that has not
ended."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from embrace.taxonomy import Taxonomy
from services.cli.main import main
from services.reporting.weekly.page import render_html
from services.reporting.weekly.report import weekly_report
from tests.integration.reporting.weekly.reported import LAST, WEEKS, YEAR_BEFORE, at, report, week
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth


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
    assert [littering[k] for k in ("key", "last_week", "p", "flag")] == ["littering", 3, 1, ""]
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


def test_a_partner_that_had_nothing_to_report_is_named_so_and_not_as_silent(system: System) -> None:
    kommunen, vakt = (
        system.add_partner("0180", "kommunen"),
        system.add_partner("0180", "vakt", kind="security"),
    )
    report(system, vakt, [at(week(WEEKS.twelve[0]), "vandalism")])
    report(system, kommunen, [at(LAST, "graffiti")])
    nothing = {"reporting_week": LAST.label, "incidents": []}
    said = system.client.post("/v1/reports", json=nothing, headers=auth(vakt)).json()
    system.relay.drain()
    sources = weekly_report(system.warehouse, "0180", LAST.label).sources
    assert (sources.reporting, sources.nothing_to_report, sources.silent) == (["kommunen"], ["vakt"], [])
    made = weekly_report(system.warehouse, "0180", LAST.label)
    page = render_html(made, Taxonomy.load(), "sv")
    assert "Hade inget att rapportera: vakt." in page
    issued = render_html(replace(made, not_reported=["vakt"]), Taxonomy.load(), "en")  # as issued
    assert "Not yet reported when the report was made: vakt. Their incidents are missing" in issued
    # Withdrawn, it says nothing any more: the partner is silent again.
    system.client.delete(f"/v1/reports/{said['id']}", headers=auth(vakt))
    system.relay.drain()
    sources = weekly_report(system.warehouse, "0180", LAST.label).sources
    assert (sources.nothing_to_report, sources.silent) == ([], ["vakt"])
