"""The outbox relay is woken when a request that changes something is answered, and only then."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from fastapi.testclient import TestClient

from embrace.http.wake import WakeRelay


def app_counting_wakes() -> tuple[TestClient, list[str]]:
    woken: list[str] = []
    app = FastAPI()

    @app.api_route("/saved", methods=["GET", "POST", "PATCH", "DELETE"])
    def saved() -> dict[str, bool]:
        return {"saved": True}

    @app.post("/refused")
    def refused() -> None:
        raise HTTPException(422, "a field is wrong")

    app.add_middleware(WakeRelay, wake=lambda: woken.append("woken"))
    return TestClient(app), woken


def test_a_change_that_is_answered_wakes_the_relay_once() -> None:
    client, woken = app_counting_wakes()
    for method in ("POST", "PATCH", "DELETE"):
        assert client.request(method, "/saved").status_code == 200
    assert woken == ["woken"] * 3


def test_a_read_or_a_refused_change_does_not_wake_it() -> None:
    client, woken = app_counting_wakes()
    assert client.get("/saved").status_code == 200
    assert client.post("/refused").status_code == 422
    assert woken == []
