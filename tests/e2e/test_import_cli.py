"""`embrace import ...` as people run it: beside a stopped system, and beside a running one."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from tests.support.network import free_port
from tests.support.processes import Process, embrace_command, run_embrace
from tests.support.system import auth


def embrace(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_embrace(home, *args)


def stats(base: str, key: str, week: str) -> dict[str, Any]:
    request = urllib.request.Request(f"{base}/v1/stats/weekly?week={week}", headers=auth(key))
    with urllib.request.urlopen(request, timeout=10) as response:
        body: dict[str, Any] = json.loads(response.read())
        return body


def prepared_home(tmp_path: Path, data_dir: Path) -> tuple[Path, str]:
    home = tmp_path / "home"
    assert embrace(home, "geo", "import", str(data_dir / "geo" / "swedish_admin_areas.csv")).returncode == 0
    assert embrace(home, "tenants", "add", "0180", "Stockholms stad").returncode == 0
    embrace(
        home,
        "orgs",
        "add",
        "--tenant",
        "0180",
        "--id",
        "kommunen",
        "--name",
        "Kommunen",
        "--kind",
        "municipality",
    )
    key = embrace(home, "keys", "create", "--org", "kommunen", "--role", "analyst").stdout.splitlines()[0]
    return home, key


def test_an_import_without_place_names_or_tenants_says_what_is_missing(
    tmp_path: Path, data_dir: Path
) -> None:
    snapshot = str(data_dir / "polisen" / "snapshot-2025-06-07.json")
    nothing = embrace(tmp_path / "a", "import", "police", snapshot)
    assert (nothing.returncode, nothing.stderr.count("\n")) == (2, 1)
    assert "no municipality names to place notices by" in nothing.stderr
    names_only = tmp_path / "b"
    embrace(names_only, "geo", "import", str(data_dir / "geo" / "swedish_admin_areas.csv"))
    no_tenants = embrace(names_only, "import", "police", snapshot)
    assert (no_tenants.returncode, no_tenants.stderr) == (
        2,
        "embrace: no tenants to import notices for: add tenants, or pass --all\n",
    )


def test_an_import_beside_a_stopped_system_runs_the_pipeline_itself(tmp_path: Path, data_dir: Path) -> None:
    home, key = prepared_home(tmp_path, data_dir)
    imported = embrace(home, "import", "police", str(data_dir / "polisen" / "history-2025-03_06.jsonl"))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[0].endswith("outside the tenants, 0 rejected")
    assert "records to the warehouse at chdb://" in imported.stdout
    port = free_port()
    system = Process([*embrace_command(), "run", "--home", str(home), "--port", str(port)])
    system.wait_for("EMBRACE is running")
    try:
        counted = stats(f"http://127.0.0.1:{port}", key, "2025-W15")
    finally:
        system.stop()
    assert counted["by_source"]["police_events"] > 10


def test_an_import_beside_a_running_system_is_published_by_that_system(
    tmp_path: Path, data_dir: Path
) -> None:
    home, key = prepared_home(tmp_path, data_dir)
    port = free_port()
    system = Process([*embrace_command(), "run", "--home", str(home), "--port", str(port)])
    system.wait_for("EMBRACE is running")
    try:
        imported = embrace(home, "import", "police", str(data_dir / "polisen" / "snapshot-2025-06-07.json"))
        assert imported.returncode == 0, imported.stderr
        assert (
            f"a running system owns {home.resolve()}: its relay publishes what is imported" in imported.stdout
        )
        deadline = time.monotonic() + 20
        counted: dict[str, Any] = {}
        while time.monotonic() < deadline:
            counted = stats(f"http://127.0.0.1:{port}", key, "2025-W23")
            if counted["by_source"].get("police_events"):
                break
            time.sleep(0.3)
        assert counted["by_source"].get("police_events", 0) > 0
    finally:
        assert system.stop() == 0
