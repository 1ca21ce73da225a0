"""A fresh `embrace run --demo`, used the way the README says, as a real process."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.cli.demo.history import WEEKS
from tests.support.network import free_port
from tests.support.payloads import weeks_ago
from tests.support.processes import Process, embrace_command


def call(url: str, key: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Process, str, str, Path]]:
    """One `embrace run --demo` for the module: no test here changes what another reads."""
    port = free_port()
    home = tmp_path_factory.mktemp("run") / "home"
    process = Process([*embrace_command(), "run", "--demo", "--home", str(home), "--port", str(port)])
    key = process.wait_for("API key:").split()[-1]
    process.wait_for("EMBRACE is running")
    yield process, f"http://127.0.0.1:{port}", key, home
    assert process.stop() == 0


def test_a_posted_report_is_in_clickhouse_within_two_seconds(running: tuple[Process, str, str, Path]) -> None:
    _, base, key, _ = running
    week = weeks_ago(WEEKS + 2)  # before the demo's weeks of history
    status, accepted = call(f"{base}/v1/reports", key, week.three_incidents())
    assert (status, accepted["incidents"]) == (202, 3)
    started = time.monotonic()
    stats: dict[str, Any] = {}
    while time.monotonic() - started < 2.0:
        _, stats = call(f"{base}/v1/stats/weekly?week={week.label}", key)
        if stats["incidents"] == 3:
            break
        time.sleep(0.05)
    assert stats["incidents"] == 3, f"not counted within 2 s: {stats}"
    assert set(stats) >= {"tenant", "week", "incidents", "by_category", "by_source"}
    assert (stats["tenant"], stats["week"]) == ("9999", week.label)


def test_the_demo_municipality_has_weeks_of_history(running: tuple[Process, str, str, Path]) -> None:
    _, base, key, _ = running
    deadline = time.monotonic() + 10
    stats: dict[str, Any] = {"incidents": 0}
    while time.monotonic() < deadline and not stats["incidents"]:
        _, stats = call(f"{base}/v1/stats/weekly", key)  # default: last week
        time.sleep(0.1)
    assert stats["incidents"] > 0
    assert len(stats["by_source"]) >= 2


def test_a_second_process_on_the_same_home_gets_one_clear_line(
    running: tuple[Process, str, str, Path],
) -> None:
    _, _, _, home = running
    second = Process([*embrace_command(), "run", "--home", str(home), "--port", str(free_port())])
    assert second.popen.wait(60) == 2
    line = second.wait_for("embrace:")
    assert "is in use by process" in line
    assert not [seen for seen in second.seen if "Traceback" in seen]


def test_a_busy_port_gets_one_clear_line(running: tuple[Process, str, str, Path], tmp_path: Path) -> None:
    _, base, _, _ = running
    port = base.rsplit(":", 1)[1]
    second = Process([*embrace_command(), "run", "--home", str(tmp_path / "other"), "--port", port])
    assert second.popen.wait(60) == 2
    assert (
        second.wait_for("embrace:")
        == f"embrace: port {port} on 127.0.0.1 is in use; stop what holds it or pass --port"
    )
