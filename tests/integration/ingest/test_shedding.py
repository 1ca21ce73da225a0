"""Overload sheds instead of queueing: past the bound of requests in flight, a request is answered 503
with Retry-After at once, and a client that retries with the same Idempotency-Key gets its report
stored exactly once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from embrace.settings import Settings
from embrace.sqlstore.tables import StoredReport
from services.ingest import acceptance, reports_api
from tests.support.payloads import weeks_ago
from tests.support.system import System, embedded_system

WEEK = weeks_ago(2)
SENT = 12


@pytest.fixture
def slow_system(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[System, threading.Event]]:
    """Two requests at most in flight, and a store that waits until the test lets it go on, and then
    takes its time, so that clients meet the bound."""
    go_on = threading.Event()

    def held(*args: Any, **kwargs: Any) -> None:
        go_on.wait(10)
        time.sleep(0.05)
        acceptance.accept_new(*args, **kwargs)

    monkeypatch.setattr(reports_api, "accept_new", held)
    with embedded_system(settings.model_copy(update={"max_in_flight": 2})) as system:
        yield system, go_on


def post(system: System, key: str, idempotency: str) -> Any:
    headers = {"Authorization": f"Bearer {key}", "Idempotency-Key": idempotency}
    return system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=headers)


def test_past_the_bound_a_request_is_a_503_with_retry_after_at_once(
    slow_system: tuple[System, threading.Event],
) -> None:
    system, go_on = slow_system
    key = system.add_partner("0180", "kommunen")
    with ThreadPoolExecutor(2) as pool:
        held = [pool.submit(post, system, key, f"held-{n}") for n in range(2)]
        time.sleep(0.5)  # both are in flight, waiting on the store
        started = time.perf_counter()
        shed = post(system, key, "third")
        took = time.perf_counter() - started
        assert system.client.get("/healthz").status_code == 200  # never shed
        go_on.set()
        assert [f.result().status_code for f in held] == [202, 202]
    assert shed.status_code == 503
    assert shed.headers["Retry-After"] in {"1", "2"}  # little shed yet: a second or two
    assert shed.headers["content-type"].startswith("application/problem+json")
    assert shed.json()["type"].endswith("/overloaded")
    assert took < 0.5
    metrics = system.client.get("/metrics").text
    assert 'embrace_http_shed_total{reason="in_flight"} 1.0' in metrics


def test_clients_that_retry_with_their_key_store_each_report_exactly_once(
    slow_system: tuple[System, threading.Event],
) -> None:
    system, go_on = slow_system
    key = system.add_partner("0180", "kommunen")
    go_on.set()
    answers: dict[str, list[int]] = {}

    def until_accepted(n: int) -> None:
        tried = answers.setdefault(f"report-{n}", [])
        while not tried or tried[-1] == 503:
            answer = post(system, key, f"report-{n}")
            tried.append(answer.status_code)
            if answer.status_code == 503:
                time.sleep(float(answer.headers["Retry-After"]) / 20)  # a test need not wait a second

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(until_accepted, range(SENT)))
    assert {tried[-1] for tried in answers.values()} == {202}
    assert any(503 in tried for tried in answers.values())  # the bound was met, and retried past
    with system.sql_store.session() as session:
        assert session.scalar(select(func.count()).select_from(StoredReport)) == SENT
