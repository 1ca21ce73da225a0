"""Polling the police API politely, against a local server answering with the real saved responses."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from embrace.errors import OperatorError
from services.ingest.imports.police_live import MIN_GAP, PER_HOUR, Pacing, PoliceApi, poll
from services.ingest.imports.police_notices import Observation, Unreadable
from tests.support.network import free_port


class PoliceApiStandIn(BaseHTTPRequestHandler):
    """Answers as the API does: 403 without a User-Agent, else the queued status, else a saved response."""

    body = b"[]"
    statuses: ClassVar[list[tuple[int, str | None]]] = []
    agents: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        agent = self.headers.get("User-Agent")
        type(self).agents.append(agent or "")
        if not agent or agent.startswith("Python-urllib"):
            self.send_response(403)
            self.end_headers()
            return
        status, retry_after = type(self).statuses.pop(0) if type(self).statuses else (200, None)
        self.send_response(status)
        if retry_after:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        if status == 200:
            self.wfile.write(type(self).body)

    def log_message(self, *_args: object) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def api_url(data_dir: Path) -> Iterator[str]:
    PoliceApiStandIn.body = (data_dir / "polisen" / "snapshot-2025-06-07.json").read_bytes()
    PoliceApiStandIn.statuses, PoliceApiStandIn.agents = [], []
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), PoliceApiStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/events"
    server.shutdown()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_deployment_without_a_user_agent_is_stopped_before_it_calls() -> None:
    with pytest.raises(OperatorError, match="EMBRACE_POLICE_USER_AGENT"):
        PoliceApi("http://127.0.0.1:9/api/events", " ")


def test_calls_are_at_least_ten_seconds_apart_and_at_most_sixty_an_hour() -> None:
    clock = FakeClock()
    pacing = Pacing(interval=MIN_GAP, clock=clock)
    with pytest.raises(OperatorError, match="at most every 10 s"):
        Pacing(interval=5, clock=clock)
    calls = 0
    while clock.now < 1000 + 3600:
        clock.now += pacing.delay()
        if clock.now >= 1000 + 3600:
            break
        pacing.record_call()
        pacing.succeeded()
        calls += 1
    assert calls == PER_HOUR


def test_a_refusal_doubles_the_wait_and_retry_after_is_honoured() -> None:
    clock = FakeClock()
    pacing = Pacing(interval=300, clock=clock)
    pacing.record_call()
    pacing.refused(None)
    assert pacing.delay() == 600
    pacing.refused(1800)
    assert pacing.delay() == 1800
    pacing.succeeded()
    assert pacing.delay() == 300


def test_a_poll_fetches_with_the_deployments_user_agent_and_hands_over_the_notices(api_url: str) -> None:
    api = PoliceApi(api_url, "EMBRACE test (ci@example.se)")
    stop, received = threading.Event(), []

    def handle(observations: list[Observation | Unreadable]) -> None:
        received.append(observations)
        stop.set()

    poll(api, Pacing(interval=MIN_GAP), handle, stop, say=lambda _: None)
    assert PoliceApiStandIn.agents == ["EMBRACE test (ci@example.se)"]
    assert len(received[0]) == 500
    assert all(isinstance(o, Observation) for o in received[0])


def test_a_429_is_answered_by_backing_off_not_by_calling_again(api_url: str) -> None:
    PoliceApiStandIn.statuses = [(429, "120")]
    api = PoliceApi(api_url, "EMBRACE test")
    clock, said = FakeClock(), []
    pacing = Pacing(interval=MIN_GAP, clock=clock)
    stop = threading.Event()

    def say(line: str) -> None:
        said.append(line)
        stop.set()

    poll(api, pacing, lambda _: None, stop, say)
    assert said == ["police API answered 429; next try in 120 s"]
