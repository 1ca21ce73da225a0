"""docker-compose.yml, checked by a real Compose implementation (Debian's docker-compose) and against the
platform: every long-running service has a healthcheck, images are pinned, stores keep their data in
volumes, secrets are required, and every command the project's image runs exists in its CLI."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml

from services.cli.main import build_parser

ROOT = Path(__file__).parents[3]
SECRETS = ("CLICKHOUSE_PASSWORD", "POSTGRES_PASSWORD", "EMBRACE_READER_SECRET",
           "EMBRACE_REGIONAL_READER_PASSWORD", "GRAFANA_ADMIN_PASSWORD", "EMBRACE_KAFKA_SECRET",
           "KAFKA_ADMIN_PASSWORD", "KAFKA_CLUSTER_ID")  # fmt: skip
STORES = {**{f"kafka-{n}": "/var/lib/kafka/data" for n in (1, 2, 3)}, "clickhouse": "/var/lib/clickhouse",
          "postgres": "/var/lib/postgresql/data", "prometheus": "/prometheus",
          "grafana": "/var/lib/grafana"}  # fmt: skip
ONE_SHOT = "org.embrace.one-shot"


def compose_config(*profiles: str, **env: str) -> subprocess.CompletedProcess[str]:
    found = shutil.which("docker-compose")
    if found is None:
        missing = "docker-compose is missing: install Debian's docker-compose (deploy/dev/system-packages.sh)"
        pytest.fail(missing, pytrace=False)
    chosen = [part for profile in profiles for part in ("--profile", profile)]
    command = [found, "--file", str(ROOT / "docker-compose.yml"), *chosen, "config"]
    return subprocess.run(command, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


@pytest.fixture(scope="module", params=[(), ("cluster",)], ids=["default", "cluster profile"])
def services(request: pytest.FixtureRequest) -> dict[str, Any]:
    done = compose_config(*request.param, **{name: f"value-of-{name.lower()}" for name in SECRETS})
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


def test_kafka_runs_as_three_brokers_of_one_cluster(services: dict[str, Any]) -> None:
    names = ("kafka-1", "kafka-2", "kafka-3")
    brokers = {name: s["environment"] for name, s in services.items() if name in names}
    assert len(brokers) == 3
    assert {e["KAFKA_NODE_ID"] for e in brokers.values()} == {"1", "2", "3"}
    assert {e["KAFKA_VOTERS"] for e in brokers.values()} == {"1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093"}
    assert {(e["KAFKA_REPLICAS"], e["KAFKA_MIN_ISR"]) for e in brokers.values()} == {("3", "2")}
    assert len({e["KAFKA_CLUSTER_ID"] for e in brokers.values()}) == 1
    bootstrap = services["ingest"]["environment"]["EMBRACE_KAFKA_BOOTSTRAP"]
    assert bootstrap == "kafka-1:9092,kafka-2:9092,kafka-3:9092"


def test_the_workers_scale_out_and_prometheus_finds_each_replica(services: dict[str, Any]) -> None:
    for worker in ("enrich", "aggregate"):  # `--scale` needs no fixed name and no port on the host
        assert not {"container_name", "ports"} & services[worker].keys()
    scrapes = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())["scrape_configs"]
    found = {c["dns_sd_configs"][0]["names"][0] for c in scrapes if "dns_sd_configs" in c}
    assert found == {"enrich", "aggregate"}


def test_the_cluster_profile_is_two_shards_of_two_replicas_kept_by_three_keepers() -> None:
    secrets = dict.fromkeys(SECRETS, "x")
    done = compose_config("cluster", **secrets)
    assert done.returncode == 0, done.stderr
    services = yaml.safe_load(done.stdout)["services"]
    nodes = {name: s["environment"] for name, s in services.items() if name.startswith("clickhouse-s")}
    assert {(e["CLICKHOUSE_SHARD"], e["CLICKHOUSE_REPLICA"]) for e in nodes.values()} == {
        (str(shard), f"clickhouse-s{shard}r{replica}") for shard in (1, 2) for replica in (1, 2)
    }
    config = ElementTree.parse(ROOT / "deploy/clickhouse/cluster/cluster.xml").getroot()
    cluster = config.find("remote_servers/embrace")
    assert cluster is not None
    shards = [[r.findtext("host") for r in shard.iter("replica")] for shard in cluster.iter("shard")]
    assert shards == [["clickhouse-s1r1", "clickhouse-s1r2"], ["clickhouse-s2r1", "clickhouse-s2r2"]]
    keepers = sorted(n.findtext("host") or "" for n in config.iter("node"))
    assert keepers == ["keeper-1", "keeper-2", "keeper-3"]
    assert keepers == sorted(name for name in services if name.startswith("keeper-"))
    raft = ElementTree.parse(ROOT / "deploy/clickhouse/cluster/keeper.xml").getroot()
    assert sorted(s.findtext("hostname") or "" for s in raft.iter("server")) == keepers
    by_profile = [name for name in (*nodes, *keepers) if services[name].get("profiles") == ["cluster"]]
    assert len(by_profile) == 7  # `docker compose up` alone starts the one server
