"""``GET /v1/incidents/export``: a tenant's incidents with the place only as precise as it is known (its
cells written as H3 writes them), and what people wrote only for the organisation that wrote it."""

from __future__ import annotations

import csv
import io

import h3

from tests.support.payloads import weeks_ago
from tests.support.system import System, auth

WEEK = weeks_ago(2)


def exported(system: System, key: str, form: str = "csv") -> list[dict[str, str]]:
    answer = system.client.get(
        "/v1/incidents/export",
        params={"from": WEEK.label, "to": WEEK.label, "format": form},
        headers=auth(key),
    )
    assert answer.status_code == 200, answer.text
    return list(csv.DictReader(io.StringIO(answer.text)))


def test_points_only_where_known_and_free_text_only_to_its_writer(system: System) -> None:
    district, housing = system.add_partner("0180", "stadsdelen"), system.add_partner("0180", "bostadsbolaget")
    at_point = {**WEEK.incident("graffiti", description="Klotter på grinden"),
                "location": {"point": {"lat": 59.3293, "lon": 18.0686}}}  # fmt: skip
    by_area = {**WEEK.incident("littering", day=2, description="Skräp"), "location": {"area_id": "centrum"}}
    theirs = WEEK.incident("vandalism", day=3, description="Krossad ruta, port 4")
    for key, incidents in ((district, [at_point, by_area]), (housing, [theirs])):
        assert (
            system.client.post("/v1/reports", json={"incidents": incidents}, headers=auth(key)).status_code
            == 202
        )
    system.relay.drain()
    rows = {row["category"]: row for row in exported(system, district)}
    assert (rows["graffiti"]["lat"], rows["graffiti"]["lon"]) == ("59.3293", "18.0686")
    # Cells as H3 writes them, the same text /v1/hotspots gives, so the two can be joined
    assert (rows["graffiti"]["h3_r7"], rows["graffiti"]["h3_r9"]) == (
        h3.latlng_to_cell(59.3293, 18.0686, 7),
        h3.latlng_to_cell(59.3293, 18.0686, 9),
    )
    assert (rows["littering"]["lat"], rows["littering"]["location_precision"]) == ("", "area")
    assert rows["graffiti"]["description"] == "Klotter på grinden"
    assert (rows["vandalism"]["description"], rows["vandalism"]["address"]) == ("", "")
    assert {r["category"]: r["description"] for r in exported(system, housing)}["vandalism"] == (
        "Krossad ruta, port 4"
    )


def test_another_tenants_incidents_are_not_exported(system: System) -> None:
    key = system.add_partner("0380", "kommunen")
    answer = system.client.get(
        "/v1/incidents/export",
        params={"from": WEEK.label, "to": WEEK.label, "tenant": "0180"},
        headers=auth(key),
    )
    assert answer.status_code == 403
