"""``GET /v1/hotspots`` over Stockholm's real boundary: every cell of the municipality, zeros included; a
cluster of incidents is a hot spot and scattered ones are not; JSON, CSV and GeoJSON; a regional key
gets every tenant's cells; a municipality without a boundary, or a category no incident has, is told so.
Emerging patterns read the weeks since the tenant's first incident, never the weeks before it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import h3
import numpy as np
import pytest

from embrace.geo.cells import cells_of
from embrace.settings import Settings
from tests.support.payloads import Week, weeks_ago
from tests.support.system import System, auth, embedded_system

WEEK = weeks_ago(1)
SERGELS_TORG = (59.3326, 18.0649)
CENTRE = h3.latlng_to_cell(*SERGELS_TORG, 8)
UPPSALA = h3.latlng_to_cell(59.8586, 17.6389, 8)  # Stora torget


def municipality(data_dir: Path, code: str) -> dict[str, Any]:
    municipalities = json.loads((data_dir / "geo" / "swedish_municipalities.geojson").read_text("utf-8"))
    return next(dict(f["geometry"]) for f in municipalities["features"] if f["properties"]["id"] == code)


def cluster(centre: str) -> list[str]:
    """10 incidents in the cell and 3 in each cell of its ring."""
    return [centre] * 10 + [c for c in h3.grid_disk(centre, 1) for _ in range(3)]


def scattered(data_dir: Path, seed: int) -> list[str]:
    """40 incidents scattered over Stockholm's cells."""
    cells = cells_of(municipality(data_dir, "0180"), 8)
    return [str(c) for c in np.random.default_rng(seed).choice(cells, 40)]


def reported(system: System, key: str, week: Week, cells: list[str]) -> None:
    at = [h3.cell_to_latlng(c) for c in cells]
    incidents = [{**week.incident("graffiti", day=n % 7), "location": {"point": {"lat": lat, "lon": lon}}}
                 for n, (lat, lon) in enumerate(at)]  # fmt: skip
    answer = system.client.post("/v1/reports", json={"incidents": incidents}, headers=auth(key))
    assert answer.status_code == 202, answer.text


@pytest.fixture(scope="module")
def stockholm(tmp_path_factory: pytest.TempPathFactory, chdb_store: Path, data_dir: Path) -> Iterator[System]:
    from tests.conftest import settings_in

    settings: Settings = settings_in(tmp_path_factory.mktemp("hotspots"), chdb_store)
    with embedded_system(settings, boundaries=data_dir / "geo" / "swedish_municipalities.geojson") as system:
        key = system.add_partner("0180", "kommunen", role="admin")
        for n in (4, 3, 2):  # the tenant begins four weeks ago, scattered
            reported(system, key, weeks_ago(n), scattered(data_dir, n))
        reported(system, key, WEEK, [*cluster(CENTRE), *scattered(data_dir, 1)])
        uppsala = system.add_partner("0380", "kommunen", role="admin")
        for n in range(1, 6):  # begins five weeks ago, with the same cluster every week
            reported(system, uppsala, weeks_ago(n), cluster(UPPSALA))
        system.relay.drain()
        yield system


def asked(system: System, key: str, accept: str = "application/json", **extra: Any) -> Any:
    query = {"from": WEEK.label, "to": WEEK.label, **extra}
    return system.client.get("/v1/hotspots", params=query, headers={**auth(key), "Accept": accept})


def test_a_cluster_is_a_hot_spot_among_every_cell_of_the_municipality(stockholm: System) -> None:
    key = stockholm.add_partner("0180", "kommunen", role="analyst")
    cells = asked(stockholm, key, resolution=8).json()["cells"]
    assert len(cells) > 300  # Stockholm's cells at resolution 8, empty ones included
    assert sum(c["count"] for c in cells) == 71
    hot = {c["cell"] for c in cells if c["kind"] == "hot"}
    assert CENTRE in hot
    assert hot <= set(h3.grid_disk(CENTRE, 2))  # the cluster and what borders it, nothing scattered
    by_cell = {c["cell"]: c for c in cells}
    assert by_cell[CENTRE]["count"] == 13
    ring = sum(by_cell[c]["count"] for c in h3.grid_disk(CENTRE, 1))  # the cell and its six neighbours
    assert by_cell[CENTRE]["around"] == ring >= 13 + 6 * 3
    assert by_cell[CENTRE]["gi_z"] > 5
    assert by_cell[CENTRE]["p"] < 0.001
    other = asked(stockholm, key, resolution=8, category="littering").json()["cells"]
    assert {c["kind"] for c in other} == {""}  # no littering: nothing to find


def test_csv_and_geojson_carry_the_same_cells(stockholm: System) -> None:
    key = stockholm.add_partner("0180", "kommunen", role="analyst")
    table = asked(stockholm, key, "text/csv", resolution=9).text.splitlines()
    assert table[0] == "tenant,cell,count,around,gi_z,p,kind"
    shapes = asked(stockholm, key, "application/geo+json", resolution=9).json()
    assert len(shapes["features"]) == len(table) - 1
    assert shapes["features"][0]["geometry"]["type"] == "Polygon"


def test_a_regional_key_sees_every_tenant_and_no_boundary_is_said_plainly(stockholm: System) -> None:
    regional = stockholm.add_partner("0180", "regionen", role="regional")
    assert {c["tenant"] for c in asked(stockholm, regional).json()["cells"]} == {"0180", "0380"}
    nowhere = stockholm.add_partner("9999", "demo", role="admin")
    answer = asked(stockholm, nowhere)
    assert answer.status_code == 409
    assert "embrace geo import" in answer.json()["detail"]
    bad = stockholm.client.get("/v1/hotspots", params={"from": WEEK.label, "to": WEEK.label, "resolution": 7},
                               headers=auth(nowhere))  # fmt: skip
    assert bad.status_code == 422


def test_an_unknown_category_or_group_is_refused_by_name_not_answered_with_empty_cells(
    stockholm: System,
) -> None:
    key = stockholm.add_partner("0180", "kommunen", role="analyst")
    typo = asked(stockholm, key, category=["graffiti", "grafitti"])
    assert typo.status_code == 422
    [error] = typo.json()["errors"]
    assert (error["field"], error["code"]) == ("query.category.1", "unknown_category")
    assert "grafitti" in error["message"]
    intervention = asked(stockholm, key, category="safety_walk")  # what partners do, never an incident
    assert intervention.status_code == 422
    group = asked(stockholm, key, group="crimes")
    assert group.status_code == 422
    assert group.json()["errors"][0]["field"] == "query.group.0"
    assert asked(stockholm, key, group="insecurity").status_code == 200


def test_a_cluster_that_appeared_last_week_is_a_new_hot_spot(stockholm: System) -> None:
    key = stockholm.add_partner("0180", "kommunen", role="analyst")
    answer = stockholm.client.get("/v1/hotspots/emerging", params={"to": WEEK.label, "weeks": 4},
                                  headers=auth(key))  # fmt: skip
    assert answer.status_code == 200, answer.text
    found = {c["cell"]: c["pattern"] for c in answer.json()["cells"]}
    assert found[CENTRE] == "new"
    assert set(found.values()) == {"new"}  # nothing was there before
    assert (answer.json()["from"], answer.json()["weeks"]) == (weeks_ago(4).label, 4)
    running = stockholm.client.get("/v1/hotspots/emerging", params={"to": weeks_ago(0).label, "weeks": 4},
                                   headers=auth(key))  # fmt: skip
    assert (running.status_code, running.json()["errors"][0]["code"]) == (422, "week_not_ended")


def test_emerging_patterns_read_only_the_weeks_since_the_tenant_began(stockholm: System) -> None:
    key = stockholm.add_partner("0380", "kommunen", role="analyst")
    answer = stockholm.client.get("/v1/hotspots/emerging", params={"to": WEEK.label, "weeks": 12},
                                  headers=auth(key)).json()  # fmt: skip
    assert (answer["from"], answer["weeks"]) == (weeks_ago(5).label, 5)
    found = {c["cell"]: c for c in answer["cells"]}
    assert found[UPPSALA]["pattern"] == "persistent"  # hot in every week it reported, not "consecutive"
    assert found[UPPSALA]["hot_weeks"] == 5
    short = stockholm.client.get("/v1/hotspots/emerging", params={"to": weeks_ago(3).label, "weeks": 12},
                                 headers=auth(key)).json()  # fmt: skip
    assert (short["weeks"], short["cells"]) == (3, [])
    assert short["note"] == f"fewer than 4 weeks since the tenant's first incident, up to {short['to']}"


def test_the_weekly_report_says_where_to_focus_next_week(stockholm: System) -> None:
    key = stockholm.add_partner("0180", "kommunen", role="analyst")
    report = stockholm.client.get(
        "/v1/situation/weekly", params={"week": WEEK.label}, headers=auth(key)
    ).json()
    assert report["cells"][0]["cell"] == h3.cell_to_center_child(CENTRE, 9)  # written as the API writes cells
    focus = report["focus"]
    assert focus["tested"]
    assert h3.latlng_to_cell(focus["hotspots"][0]["lat"], focus["hotspots"][0]["lon"], 8) in h3.grid_disk(
        CENTRE, 1
    )
    assert focus["cells"] == []  # one week of history: no forecast yet, and the report says why
    assert focus["forecast_note"] == f"fewer than 8 weeks of history up to {WEEK.label}"
    page = stockholm.client.get("/v1/situation/weekly", params={"week": WEEK.label},
                                headers={**auth(key), "Accept": "text/html"})  # fmt: skip
    assert "Var fokusera nästa vecka" in page.text
    assert "minst åtta veckor" in page.text


def test_the_quarterly_analysis_counts_emerging_patterns_per_area(stockholm: System) -> None:
    key = stockholm.add_partner("0180", "kommunen", role="analyst")
    monday = WEEK.monday.date()
    quarter = f"{monday.year}-Q{(monday.month - 1) // 3 + 1}"
    analysis = stockholm.client.get("/v1/situation/quarterly", params={"quarter": quarter},
                                    headers=auth(key)).json()  # fmt: skip
    emerging = analysis["emerging"]
    assert emerging["tested"]
    [outside] = emerging["areas"]  # Stockholm's test tenant has drawn no areas
    assert outside["area"] == ""
    assert outside["patterns"]["new"] >= 1
