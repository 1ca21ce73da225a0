"""Every dashboard panel's SQL, expanded as the ClickHouse plugin does, runs on chDB against the demo
municipality (plus police notices, survey results and an alert: ``seed.py``) and returns what its
visualisation needs; every variable, data link and data source refers to something that exists."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from embrace.weeks import label, last_week, monday_of, preceding, shift
from services.cli.demo.history import WEEKS
from services.cli.demo.seed import DEMO_TENANT
from services.dashboards.boards import karta
from services.dashboards.dashboards import BOARDS, drifted, render
from services.dashboards.named_columns import NAMING_QUERIES
from services.reporting.quarterly.quarters import days, last_quarter
from services.reporting.quarterly.quarters import shift as shift_quarter
from services.reporting.quarterly.report import quarterly_report
from services.reporting.weekly.report import weekly_report
from tests.integration.dashboards.reading import (
    check_link,
    check_shape,
    clickhouse_targets,
    every_value,
    narrowed,
    panel_rows,
    run,
)
from tests.integration.dashboards.seed import END, HOT_CELLS, NOW, START
from tests.support.grafana_sql import expand
from tests.support.system import System

PROVISIONING = Path(__file__).parents[3] / "deploy" / "grafana"


@pytest.mark.parametrize("board", [b for b in BOARDS if b != "drift"])
def test_every_panel_returns_what_its_visualisation_needs(seeded: System, board: str) -> None:
    model = render(board, seeded.warehouse.database)
    everything = every_value(seeded, seeded.warehouse.database)
    narrow = narrowed(everything, tenant=[DEMO_TENANT], area=["centrum"], category=["graffiti", "littering"])
    by_organisation = narrowed(everything, organisation=["demovakt"])
    for panel, target in clickhouse_targets(model):
        names, rows = run(seeded, target["rawSql"], everything)
        assert rows, f"{board}: {panel['title']} ({target['refId']}) returned no rows"
        if target["refId"] not in NAMING_QUERIES:  # those configure the panel; they are not drawn
            check_shape(panel, names, rows)
        for choices in (narrow, by_organisation):  # the rollup's branch, and the incidents' one
            run(seeded, target["rawSql"], choices)
    for annotation in model.get("annotations", {}).get("list", []):
        if "rawSql" in annotation.get("target", {}):
            names, rows = run(seeded, annotation["target"]["rawSql"], everything)
            assert rows, annotation["name"]
            assert names == ["time", "timeEnd", "text", "tags"], annotation["name"]


def test_the_map_s_where_next_layers_follow_the_category_group(seeded: System) -> None:
    everything = every_value(seeded, seeded.warehouse.database)
    whole, crime = HOT_CELLS[""], HOT_CELLS["crime"]
    for chosen, shown in (([], whole), (["crime"], crime), (["crime", "insecurity"], crime)):
        choices = narrowed(everything, category_group=chosen) if chosen else everything
        names, rows = run(seeded, karta.HOT, choices)
        assert [row[names.index("cell")] for row in rows] == [shown], chosen
        names, rows = run(seeded, karta.FORECAST, choices)
        assert shown in [row[names.index("cell")] for row in rows], chosen


def test_the_rollup_and_the_incidents_count_the_same(seeded: System) -> None:
    """With every variable at "All" the weekly panels read the rollup; naming every organisation sends
    the same question to the incidents, which must answer the same."""
    model = render("lagesbild", seeded.warehouse.database)
    everything = every_value(seeded, seeded.warehouse.database)
    each = narrowed(everything, organisation=list(everything["organisation"].options))
    for panel, target in clickhouse_targets(model):
        sql = target["rawSql"]
        if "weekly_counts" in sql:
            assert run(seeded, sql, everything) == run(seeded, sql, each), panel["title"]


# Monday noon, and Sunday 23:30 UTC: Monday in Sweden, where the week has ended, as it has for the report.
@pytest.mark.parametrize("after_monday", [timedelta(hours=12), timedelta(minutes=-30)])
def test_lagesbild_judges_a_tenant_that_began_lately_as_the_weekly_report_does(
    seeded: System, after_monday: timedelta
) -> None:
    """The demo began reporting a year ago: its fifth week is judged against its first four, not
    against twelve of which eight were weeks it was not reporting."""
    week = shift(last_week(NOW), 4 - (WEEKS - 1))  # the demo's weeks end last week
    end = datetime.combine(monday_of(shift(week, 1)), datetime.min.time(), UTC) + after_monday
    model = render("lagesbild", seeded.warehouse.database)
    [sql] = [t["rawSql"] for p, t in clickhouse_targets(model) if p["title"].startswith("Kategorier")]
    names, rows = seeded.warehouse.named_rows(expand(sql, every_value(seeded, seeded.warehouse.database),
                                                     end - timedelta(weeks=16), end))  # fmt: skip
    panel = {row[names.index("category")]: row for row in rows}
    report = weekly_report(seeded.warehouse, DEMO_TENANT, week)
    assert report.compared_with["twelve"] == preceding(week, 4)
    for row in report.by["category"]:
        shown = panel[row.key]
        assert row.usual is not None
        assert shown[names.index("this_week")] == row.last_week, row.key
        assert shown[names.index("usual")] == f"{row.usual[0]}–{row.usual[1]}", row.key
        assert shown[names.index("z")] == pytest.approx(row.z, abs=0.01), row.key


def test_insatser_counts_before_and_during_over_the_days_the_effect_is_measured(seeded: System) -> None:
    """Both read a running intervention to the last reported day (partners report a week once it is
    over), so the raw counts beside the judged ones are of the same days."""
    raw, judged = panel_rows(seeded, "insatser", "Före och under"), panel_rows(seeded, "insatser", "Effekt")
    assert judged
    for title, effect in judged.items():
        assert (raw[title]["before"], raw[title]["during"]) == (effect["before"], effect["during"]), title
        assert raw[title]["start"] + timedelta(days=raw[title]["days"] - 1) == effect["until"], title


def test_links_variables_and_data_sources_refer_to_what_exists(seeded: System) -> None:
    boards = {model["uid"]: model for model in (render(n, seeded.warehouse.database) for n in BOARDS)}
    provisioned = yaml.safe_load((PROVISIONING / "provisioning/datasources/embrace.yaml").read_text())
    sources = {source["uid"] for source in provisioned["datasources"]}
    everything = every_value(seeded, seeded.warehouse.database)
    for model in boards.values():
        variables = {v["name"] for v in model.get("templating", {}).get("list", [])}
        for panel in model["panels"]:
            targets = panel.get("targets", [])
            assert {panel["datasource"]["uid"], *(t["datasource"]["uid"] for t in targets)} <= sources
            text = " ".join(t.get("rawSql", t.get("expr", "")) for t in targets)
            used = set(re.findall(r"\$\{?(\w+)", text)) - {"__fromTime", "__toTime", "__conditionalAll"}
            assert used <= variables, (model["uid"], panel["title"], used - variables)
            fields = {f for t in targets if "rawSql" in t for f in run(seeded, t["rawSql"], everything)[0]}
            for link in panel.get("fieldConfig", {}).get("defaults", {}).get("links", []):
                check_link(link["url"], boards, fields)


def test_the_committed_dashboards_are_what_the_code_makes() -> None:
    assert drifted(PROVISIONING / "dashboards") == []


def test_arbete_counts_each_partners_weeks_reported_said_empty_and_missing(seeded: System) -> None:
    first, last = monday_of(label(START.date())), monday_of(label(END.date())) - timedelta(weeks=1)
    weeks = (last - first).days // 7 + 1  # the range's whole weeks, up to the last one ended
    rows = panel_rows(seeded, "arbete", "Rapportering per partner", key="organisation")
    columns = ("veckor", "med_handelser", "inget_att_rapportera", "utan_rapport")
    assert [rows["demovakt"][c] for c in columns] == [weeks, WEEKS, 1, weeks - WEEKS - 1]
    assert [rows["demobostader"][c] for c in columns] == [weeks, WEEKS, 0, weeks - WEEKS]


def test_arbete_shows_each_priority_area_with_its_incidents_before_and_since(seeded: System) -> None:
    decided_in = last_quarter(NOW)  # the demo's last quarterly meeting gave the centre priority
    rows = panel_rows(seeded, "arbete", "Prioriterade områden", key="area")
    earlier, row = rows["parkstaden"], rows["centrum"]  # and the one before gave Parkstaden
    assert (earlier["beslutat_om"], earlier["prioriterat"]) == (shift_quarter(decided_in, -1), decided_in)
    assert (row["beslutat_om"], row["prioriterat"]) == (decided_in, shift_quarter(decided_in, 1))
    analysis = quarterly_report(seeded.warehouse, DEMO_TENANT, decided_in, NOW.date())
    [centre] = [a for a in analysis["areas"] if a["area"] == "centrum"]
    assert row["handelser_da"] == centre["incidents"]  # as the quarterly analysis counts it
    first = days(shift_quarter(decided_in, 1))[0]
    since = seeded.warehouse.query(
        "SELECT count() FROM {db}.current_incidents WHERE NOT is_summary AND has(area_ids, 'centrum') "
        "AND local_date >= {first:Date}", {"first": first})  # fmt: skip
    assert row["handelser_sedan"] == since[0][0] > 0
