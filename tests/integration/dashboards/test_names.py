"""The dashboards, which are in Swedish, show names where codes are kept: categories, groups and sources
by the catalogue's words, areas by the names tenants gave them; filters and data links keep the codes."""

from __future__ import annotations

import re

import pytest

from services.cli.demo.seed import DEMO_NAME, DEMO_TENANT
from services.dashboards.boards import insatser, karta, omrade
from services.dashboards.dashboards import BOARDS, render
from services.dashboards.named_columns import NAMED_COLUMNS
from services.dashboards.variables import BY_NAME
from tests.integration.dashboards.reading import every_value, run
from tests.support.system import System


def test_codes_read_as_swedish_names_while_filters_and_links_keep_the_codes(seeded: System) -> None:
    database = seeded.warehouse.database
    _, offered = run(
        seeded, BY_NAME["category"].values.replace("{db}", database), every_value(seeded, database)
    )
    assert ("graffiti", "Klotter") in offered  # the option's value, and the text a person picks
    _, trend_rows = run(seeded, insatser.TREND, every_value(seeded, database))
    assert "Klotter" in {row[1] for row in trend_rows}  # a trend's series are named in the query
    for board in BOARDS:
        for panel in render(board, database)["panels"]:
            if panel["type"] in ("table", "barchart", "geomap"):
                [named] = panel["fieldConfig"]["defaults"]["mappings"]
                assert named["options"]["graffiti"]["text"] == "Klotter", panel["title"]
                assert named["options"]["police"]["text"] == "polisen", panel["title"]


@pytest.mark.parametrize("board", [b for b in BOARDS if b != "drift"])
def test_a_column_of_areas_or_organisations_shows_each_by_its_name(seeded: System, board: str) -> None:
    model = render(board, seeded.warehouse.database)
    everything = every_value(seeded, seeded.warehouse.database)
    for panel in model["panels"]:
        queries = {t["refId"]: t["rawSql"] for t in panel.get("targets", []) if "rawSql" in t}
        columns, rows = run(seeded, queries["A"], everything) if "A" in queries else ([], [])
        for column in NAMED_COLUMNS:
            shown = [c for c in columns if c in column.aliases]
            if not shown:
                continue
            [named] = [
                t["options"] for t in panel["transformations"] if t["options"]["configRefId"] == column.ref_id
            ]
            assert all(re.fullmatch(named["applyTo"]["options"], c) for c in shown)
            names_columns, names = run(seeded, queries[column.ref_id], everything)
            assert names_columns == [m["fieldName"] for m in named["mappings"]] == [column.code, "name"]
            codes = {row[columns.index(c)] for row in rows for c in shown} - {""}
            assert codes <= {code for code, _ in names}, (board, panel["title"])
            assert WELL_KNOWN[column.ref_id] in {name for _, name in names}


WELL_KNOWN = {"area_names": "Stationsområdet", "organisation_names": "Demovakt Säkerhet (demo)",
              "tenant_names": DEMO_NAME}  # fmt: skip


def test_the_tenant_and_organisation_filters_offer_names(seeded: System) -> None:
    everything = every_value(seeded, seeded.warehouse.database)
    for variable, named in (
        ("tenant", (DEMO_TENANT, DEMO_NAME)),
        ("organisation", ("demovakt", "Demovakt Säkerhet (demo)")),
    ):
        _, offered = run(
            seeded, BY_NAME[variable].values.replace("{db}", seeded.warehouse.database), everything
        )
        assert named in offered


def test_interventions_on_the_trends_and_safety_series_name_their_areas_and_organisations(
    seeded: System,
) -> None:
    everything = every_value(seeded, seeded.warehouse.database)
    _, marked = run(seeded, insatser.ANNOTATIONS, everything)
    assert any("Demoköpings kommun (demo)" in text for _, _, text, _ in marked)
    assert not any("demokoping-kommun" in text for _, _, text, _ in marked)
    _, series = run(seeded, omrade.SAFETY, everything)
    assert {name for _, name, _ in series} >= {"Centrum: otrygg_kvall", "Hamnen: otrygg_kvall"}


def test_the_police_notices_on_the_map_are_counted_at_places_named_as_the_police_name_them(
    seeded: System,
) -> None:
    columns, counted = run(seeded, karta.POLICE_AREAS, every_value(seeded, seeded.warehouse.database))
    assert tuple(columns[:2]) == ("place", "name")
    assert (DEMO_TENANT, "Demoköping") in {row[:2] for row in counted}
