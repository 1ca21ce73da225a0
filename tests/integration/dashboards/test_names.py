"""The dashboards, which are in Swedish, show names where codes are kept: categories, groups and sources
by the catalogue's words, areas by the names tenants gave them; filters and data links keep the codes."""

from __future__ import annotations

import pytest

from services.dashboards.boards import insatser
from services.dashboards.dashboards import BOARDS, render
from services.dashboards.panels import AREA_NAMES
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
def test_a_panel_with_an_area_column_shows_each_area_by_its_name(seeded: System, board: str) -> None:
    model = render(board, seeded.warehouse.database)
    everything = every_value(seeded, seeded.warehouse.database)
    for panel in model["panels"]:
        queries = {t["refId"]: t["rawSql"] for t in panel.get("targets", []) if "rawSql" in t}
        names, rows = run(seeded, queries["A"], everything) if "A" in queries else ([], [])
        if "area" not in names:
            continue
        [named] = [t["options"] for t in panel["transformations"] if t["id"] == "configFromData"]
        assert (named["configRefId"], named["applyTo"]) == (AREA_NAMES, {"id": "byName", "options": "area"})
        columns, areas = run(seeded, queries[AREA_NAMES], everything)
        assert columns == [m["fieldName"] for m in named["mappings"]] == ["area_id", "name"]
        shown = {row[names.index("area")] for row in rows} - {""}
        assert shown <= {area_id for area_id, _ in areas}, (board, panel["title"])
        assert "Stationsområdet" in {name for _, name in areas}
