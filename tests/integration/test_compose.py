"""docker-compose.yml, checked by a real Compose implementation (Debian's docker-compose) and against the
platform: every long-running service has a healthcheck, images are pinned, stores keep their data in
volumes, secrets are required, and every command the project's image runs exists in its CLI."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.cli.main import build_parser

ROOT = Path(__file__).parents[2]
SECRETS = ("CLICKHOUSE_PASSWORD", "POSTGRES_PASSWORD", "EMBRACE_READER_SECRET",
           "EMBRACE_REGIONAL_READER_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "EMBRACE_KAFKA_SECRET",
           "KAFKA_ADMIN_PASSWORD", "KAFKA_CLUSTER_ID")  # fmt: skip
STORES = {**{f"kafka-{n}": "/var/lib/kafka/data" for n in (1, 2, 3)}, "clickhouse": "/var/lib/clickhouse",
          "postgres": "/var/lib/postgresql/data", "prometheus": "/prometheus",
          "grafana": "/var/lib/grafana"}  # fmt: skip
ONE_SHOT = "org.embrace.one-shot"


def compose_config(**env: str) -> subprocess.CompletedProcess[str]:
    found = shutil.which("docker-compose")
    if found is None:
        missing = "docker-compose is missing: install Debian's docker-compose (deploy/dev/system-packages.sh)"
        pytest.fail(missing, pytrace=False)
    command = [found, "--file", str(ROOT / "docker-compose.yml"), "config"]
    return subprocess.run(command, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    done = compose_config(**{name: f"value-of-{name.lower()}" for name in SECRETS})
    assert done.returncode == 0, done.stderr
    return dict(yaml.safe_load(done.stdout)["services"])


def test_a_missing_secret_stops_the_start_naming_it() -> None:
    done = compose_config(**{name: "x" for name in SECRETS if name != "POSTGRES_PASSWORD"})
    assert done.returncode != 0
    assert "set POSTGRES_PASSWORD" in done.stderr


def test_every_long_running_service_has_a_healthcheck(services: dict[str, Any]) -> None:
    for name, service in services.items():
        assert ONE_SHOT in service.get("labels", {}) or "test" in service.get("healthcheck", {}), name


def test_services_wait_for_healthy_services_and_finished_one_shots(services: dict[str, Any]) -> None:
    for name, service in services.items():
        for needed, condition in service.get("depends_on", {}).items():
            one_shot = ONE_SHOT in services[needed].get("labels", {})
            wanted = "service_completed_successfully" if one_shot else "service_healthy"
            assert condition["condition"] == wanted, (name, needed)


def test_images_are_pinned_and_stores_keep_their_data_in_volumes(services: dict[str, Any]) -> None:
    for name, service in services.items():
        if "build" not in service:
            tag = service["image"].rpartition(":")[2]
            assert tag != "latest", name
            assert any(c.isdigit() for c in tag), name
    for name, path in STORES.items():
        mounts = [str(v).split(":") for v in services[name].get("volumes", [])]
        assert any(m[0] == f"{name}-data" and m[1] == path for m in mounts), name


def test_every_command_the_image_runs_exists_in_the_cli(services: dict[str, Any]) -> None:
    parser = build_parser()
    ours = {name: s for name, s in services.items() if "build" in s}
    assert {"ingest", "enrich", "aggregate", "reporting", "police"} <= set(ours)
    for name, service in ours.items():
        commands = [service["command"]]
        health = service.get("healthcheck", {}).get("test", [])
        if health[1:2] == ["embrace"]:
            commands.append(health[2:])
        for command in commands:
            try:
                parser.parse_args(command)
            except SystemExit:
                pytest.fail(f"{name}: `embrace {' '.join(command)}` is not a command of the CLI")
