"""An area drawn while the system runs takes effect for new incidents at once, and its past is counted."""

from __future__ import annotations

from typing import Any

from tests.support.payloads import area, weeks_ago
from tests.support.rollups import stale_rollups
from tests.support.system import System, auth

WEEK = weeks_ago(2)
TORGET = [[18.060, 59.330], [18.070, 59.330], [18.070, 59.335], [18.060, 59.335], [18.060, 59.330]]
MOVED = [[18.100, 59.340], [18.110, 59.340], [18.110, 59.345], [18.100, 59.345], [18.100, 59.340]]
CITY = [[18.000, 59.300], [18.200, 59.300], [18.200, 59.400], [18.000, 59.400], [18.000, 59.300]]


def at(lat: float, lon: float, day: int = 1) -> dict[str, Any]:
    return {**WEEK.incident(day=day), "location": {"point": {"lat": lat, "lon": lon}}}


def areas_of_incidents(system: System) -> list[tuple[Any, ...]]:
    return system.warehouse.query(
        "SELECT toString(time_start), area_id, area_ids FROM {db}.current_incidents ORDER BY time_start"
    )


def test_a_hotspot_drawn_later_counts_the_incidents_already_stored_in_it(system: System) -> None:
    key = system.add_partner("0180", "kommunen", role="admin")
    inside, outside = at(59.332, 18.065, day=1), at(59.36, 18.15, day=2)
    assert (
        system.client.post(
            "/v1/reports", json={"incidents": [inside, outside]}, headers=auth(key)
        ).status_code
        == 202
    )
    system.relay.drain()
    assert [row[1:] for row in areas_of_incidents(system)] == [("", []), ("", [])]

    assert system.client.post("/v1/areas", json=area("torget", TORGET), headers=auth(key)).status_code == 200
    system.relay.drain()
    assert [row[1:] for row in areas_of_incidents(system)] == [("torget", ["torget"]), ("", [])]

    # a district around both, named as the hot spot's parent: the ancestors follow too
    city = area("city", CITY, kind="district")
    nested = area("torget", TORGET, parent="city")
    system.client.post(
        "/v1/areas", json={"type": "FeatureCollection", "features": [city, nested]}, headers=auth(key)
    )
    system.relay.drain()
    assert [row[1:] for row in areas_of_incidents(system)] == [
        ("torget", ["torget", "city"]),
        ("city", ["city"]),
    ]

    # new incidents use the areas at once
    later = at(59.333, 18.066, day=3)
    system.client.post("/v1/reports", json={"incidents": [later]}, headers=auth(key))
    system.relay.drain()
    assert areas_of_incidents(system)[-1][1:] == ("torget", ["torget", "city"])
    assert stale_rollups(system.warehouse) == []  # the counts by area followed every redrawing


def test_a_redrawn_area_lets_go_of_the_incidents_it_no_longer_covers(system: System) -> None:
    key = system.add_partner("0180", "kommunen", role="admin")
    system.client.post("/v1/areas", json=area("torget", TORGET), headers=auth(key))
    system.client.post("/v1/reports", json={"incidents": [at(59.332, 18.065)]}, headers=auth(key))
    system.relay.drain()
    assert areas_of_incidents(system)[0][1] == "torget"
    system.client.post("/v1/areas", json=area("torget", MOVED), headers=auth(key))
    system.relay.drain()
    assert areas_of_incidents(system)[0][1:] == ("", [])
    assert stale_rollups(system.warehouse) == []


def test_a_child_outside_its_parent_is_refused_on_upload(system: System) -> None:
    key = system.add_partner("0180", "kommunen", role="admin")
    system.client.post("/v1/areas", json=area("torget", TORGET), headers=auth(key))
    answer = system.client.post("/v1/areas", json=area("hamnen", MOVED, parent="torget"), headers=auth(key))
    assert answer.status_code == 422
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [
        ("properties.parent", "area_nesting")
    ]
