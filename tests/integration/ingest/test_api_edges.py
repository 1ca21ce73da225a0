"""The edges fuzzing found: impossible dates and weeks, methods, rings, malformed bodies, the OpenAPI."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.payloads import area, weeks_ago
from tests.support.system import System, auth

WEEK = weeks_ago(2)
IMPOSSIBLE_WEEKS = ("2025-W53", "2027-W53", "0000-W01", "9999-W52")


@pytest.fixture
def key(system: System) -> str:
    return system.add_partner("0180", "kommunen", role="admin")


def fields(answer: Any) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in answer.json()["errors"]]


@pytest.mark.parametrize(
    ("time", "field"),
    [
        ({"kind": "instant", "at": "0001-01-01T00:00:00+01:00"}, "time.at"),
        ({"kind": "window", "start": "0001-01-01T00:00:00+01:00", "end": WEEK.at(1, 2)}, "time.start"),
    ],
)
def test_a_time_in_the_year_1_is_a_422_naming_the_field_alone_and_in_a_batch(
    system: System, key: str, time: dict[str, str], field: str
) -> None:
    bad = {**WEEK.incident(), "time": time}
    alone = system.client.post("/v1/reports", json={"incidents": [bad]}, headers=auth(key))
    assert (alone.status_code, fields(alone)) == (422, [(f"incidents.0.{field}", "date_range")])
    batch = {"reports": [{"incidents": [WEEK.incident()]}, {"incidents": [bad]}]}
    together = system.client.post("/v1/reports/batch", json=batch, headers=auth(key))
    assert (together.status_code, fields(together)) == (
        422,
        [(f"reports.1.incidents.0.{field}", "date_range")],
    )


@pytest.mark.parametrize("week", IMPOSSIBLE_WEEKS)
def test_a_week_that_does_not_exist_is_refused_everywhere(system: System, key: str, week: str) -> None:
    for path in ("/v1/situation/weekly", "/v1/stats/weekly", "/v1/reports"):
        answer = system.client.get(f"{path}?week={week}", headers=auth(key))
        assert answer.status_code == 422, path
        assert fields(answer)[0][0] == "query.week"
    body = {"reporting_week": week, "incidents": [WEEK.incident()]}
    posted = system.client.post("/v1/reports", json=body, headers=auth(key))
    assert (posted.status_code, fields(posted)[0][0]) == (422, "reporting_week")


def test_a_53rd_week_of_a_year_that_has_one_is_a_week(system: System, key: str) -> None:
    assert system.client.get("/v1/stats/weekly?week=2026-W53", headers=auth(key)).status_code == 200


def test_a_405_names_every_method_of_the_path_in_allow(system: System, key: str) -> None:
    answer = system.client.options("/v1/reports", headers=auth(key))
    assert (answer.status_code, answer.headers["allow"]) == (405, "GET, POST")
    item = system.client.put("/v1/reports/00000000-0000-0000-0000-000000000000", headers=auth(key))
    assert (item.status_code, item.headers["allow"]) == (405, "GET, PATCH, DELETE")


def test_an_area_whose_ring_is_not_closed_is_refused(system: System, key: str) -> None:
    unclosed = area("torget", ring=[[18.0, 59.3], [18.01, 59.3], [18.01, 59.31], [18.0, 59.31]])
    answer = system.client.post("/v1/areas", json=unclosed, headers=auth(key))
    assert (answer.status_code, fields(answer)) == (422, [("geometry", "invalid_geometry")])
    assert "not closed" in answer.json()["errors"][0]["message"]


def test_a_body_that_is_not_json_and_an_empty_idempotency_key_are_400s(system: System, key: str) -> None:
    malformed = system.client.post(
        "/v1/reports", content=b'{"incidents": [', headers=auth(key, **{"Content-Type": "application/json"})
    )
    assert (malformed.status_code, fields(malformed)) == (400, [("body", "json_invalid")])
    empty_key = system.client.post(
        "/v1/reports", json={"incidents": [WEEK.incident()]}, headers=auth(key, **{"Idempotency-Key": ""})
    )
    assert empty_key.status_code == 400


def test_the_openapi_document_says_what_the_api_does(system: System) -> None:
    document = system.client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert "kind" in schemas["Instant"]["required"]
    assert "kind" in schemas["Window"]["required"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if path.startswith("/v1/"):
                assert {"400", "401", "422"} <= set(operation["responses"]), (method, path)
