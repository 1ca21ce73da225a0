"""Interventions and areas through the API, and what reaches the warehouse."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.payloads import area, plan
from tests.support.system import System, auth

BOWTIE = [[18.0, 59.3], [18.01, 59.31], [18.01, 59.3], [18.0, 59.31], [18.0, 59.3]]


@pytest.fixture
def admin(system: System) -> str:
    key = system.add_partner("0180", "kommunen", role="admin")
    areas = {"type": "FeatureCollection", "features": [area("centrum"), area("hamnen", kind="hotspot")]}
    assert system.client.post("/v1/areas", json=areas, headers=auth(key)).status_code == 200
    return key


# --- areas -------------------------------------------------------------------------------------------------


def test_areas_are_uploaded_as_geojson_and_listed_back(system: System, admin: str) -> None:
    listed = system.client.get("/v1/areas", headers=auth(admin)).json()
    assert listed["type"] == "FeatureCollection"
    assert [(f["properties"]["id"], f["properties"]["kind"]) for f in listed["features"]] == [
        ("centrum", "neighbourhood"),
        ("hamnen", "hotspot"),
    ]
    system.relay.drain()
    assert system.warehouse.query("SELECT area_id, version FROM {db}.areas FINAL ORDER BY area_id") == [
        ("centrum", 1),
        ("hamnen", 1),
    ]


def test_uploading_again_updates_changed_areas_only(system: System, admin: str) -> None:
    bigger = [[18.0, 59.3], [18.02, 59.3], [18.02, 59.32], [18.0, 59.32], [18.0, 59.3]]
    again = {
        "type": "FeatureCollection",
        "features": [area("centrum", bigger), area("hamnen", kind="hotspot")],
    }
    answer = system.client.post("/v1/areas", json=again, headers=auth(admin)).json()
    assert [(a["id"], a["status"], a["version"]) for a in answer["areas"]] == [
        ("centrum", "updated", 2),
        ("hamnen", "unchanged", 1),
    ]


def test_a_self_crossing_polygon_and_a_repeated_id_are_refused(system: System, admin: str) -> None:
    bad = {"type": "FeatureCollection", "features": [area("a", BOWTIE), area("b"), area("b")]}
    answer = system.client.post("/v1/areas", json=bad, headers=auth(admin))
    assert answer.status_code == 422
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [
        ("features.0.geometry", "invalid_geometry"),
        ("features.2.properties.id", "duplicate_id"),
    ]


def test_only_admins_manage_areas(system: System, admin: str) -> None:
    reporter = system.add_partner("0180", "bostader", "housing")
    assert system.client.post("/v1/areas", json=area("norr"), headers=auth(reporter)).status_code == 403
    assert system.client.get("/v1/areas", headers=auth(reporter)).status_code == 200


# --- interventions -----------------------------------------------------------------------------------------


def test_an_intervention_is_registered_listed_updated_and_published(system: System, admin: str) -> None:
    created = system.client.post("/v1/interventions", json=plan(), headers=auth(admin))
    assert created.status_code == 201
    ident = created.json()["id"]
    assert created.headers["Location"] == f"/v1/interventions/{ident}"
    assert created.json()["intervention"]["responsible_organisation"] == "kommunen"
    updated = system.client.patch(
        f"/v1/interventions/{ident}", json={"status": "ongoing"}, headers=auth(admin)
    )
    assert (updated.status_code, updated.json()["version"], updated.json()["intervention"]["status"]) == (
        200,
        2,
        "ongoing",
    )
    listed = system.client.get("/v1/interventions?status=ongoing", headers=auth(admin)).json()
    assert [i["id"] for i in listed["interventions"]] == [ident]
    system.relay.drain()
    assert system.warehouse.query("SELECT version, status FROM {db}.interventions FINAL") == [(2, "ongoing")]


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"kind": "graffiti"}, "kind", "unknown_intervention_type"),
        ({"targeted_categories": ["ufo"]}, "targeted_categories.0", "unknown_category"),
        ({"place": {"area_id": "norr"}}, "place.area_id", "unknown_area"),
        ({"responsible_organisation": "nobody"}, "responsible_organisation", "unknown_organisation"),
        ({"place": {}}, "place", "place_missing"),
        ({"end": "2000-01-01"}, "end", "dates_order"),
        ({"status": "maybe"}, "status", "literal_error"),
    ],
)
def test_intervention_rules_name_the_bad_field(
    system: System, admin: str, fields: dict[str, Any], field: str, code: str
) -> None:
    answer = system.client.post("/v1/interventions", json=plan(**fields), headers=auth(admin))
    assert answer.status_code == 422
    assert (answer.json()["errors"][0]["field"], answer.json()["errors"][0]["code"]) == (field, code)


def test_only_the_organisations_involved_or_an_admin_change_an_intervention(
    system: System, admin: str
) -> None:
    housing = system.add_partner("0180", "bostader", "housing")
    police = system.add_partner("0180", "polisen", "police")
    ident = system.client.post(
        "/v1/interventions", json=plan(responsible_organisation="polisen"), headers=auth(housing)
    ).json()["id"]
    stranger = system.add_partner("0180", "vakt", "security")
    assert (
        system.client.patch(
            f"/v1/interventions/{ident}", json={"status": "done"}, headers=auth(stranger)
        ).status_code
        == 403
    )
    for key in (housing, police, admin):
        assert (
            system.client.patch(
                f"/v1/interventions/{ident}", json={"status": "ongoing"}, headers=auth(key)
            ).status_code
            == 200
        )


def test_a_change_that_makes_the_whole_invalid_is_refused(system: System, admin: str) -> None:
    ident = system.client.post("/v1/interventions", json=plan(), headers=auth(admin)).json()["id"]
    answer = system.client.patch(
        f"/v1/interventions/{ident}", json={"end": "2000-01-01"}, headers=auth(admin)
    )
    assert (answer.status_code, answer.json()["errors"][0]["code"]) == (422, "dates_order")
