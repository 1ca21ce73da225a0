"""``GET /v1/forecast`` on the demo municipality's year of weeks: every area gets an expected count with an
80 % interval around it; ``as_of`` makes the forecast of a past week from the weeks before it only;
a category group gets a model of its own; a week out of reach and too little history are said
plainly."""

from __future__ import annotations

from datetime import UTC, datetime

from services.cli.demo.seed import DEMO_TENANT, seed_demo
from tests.support.system import System, auth


def test_every_area_gets_an_expectation_with_an_interval_and_as_of_backtests(system: System) -> None:
    key = seed_demo(system.sql_store, datetime.now(UTC)).api_key
    system.relay.drain()
    headers = auth(key)
    answer = system.client.get("/v1/forecast", params={"resolution": "area"}, headers=headers).json()
    places = {p["place"]: p for p in answer["places"]}
    assert len(places) == 4  # the demo's areas
    assert all(p["low"] <= p["expected"] <= p["high"] for p in places.values())
    assert answer["model"]["alpha"] >= 0
    asked = {"as_of": answer["as_of"], "week": answer["week"], "resolution": "municipality"}
    past = system.client.get("/v1/forecast", params=asked, headers=headers).json()
    assert [p["tenant"] for p in past["places"]] == [DEMO_TENANT]
    crime = system.client.get("/v1/forecast", params={**asked, "group": "crime"}, headers=headers).json()
    assert crime["groups"] == ["crime"]
    assert 0 < crime["places"][0]["expected"] < past["places"][0]["expected"]  # crime is a part of all
    typo = system.client.get("/v1/forecast", params={**asked, "group": "crimes"}, headers=headers)
    assert (typo.status_code, typo.json()["errors"][0]["field"]) == (422, "query.group.0")
    far = system.client.get(
        "/v1/forecast", params={"as_of": answer["as_of"], "week": "2030-W01"}, headers=headers
    )
    assert far.status_code == 422
    early = system.client.get("/v1/forecast", params={"as_of": "2024-W10"}, headers=headers).json()
    assert early["places"] == []
    assert "fewer than 8 weeks" in early["note"]
