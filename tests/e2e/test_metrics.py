"""Every service's Prometheus metrics, scraped from the running processes; the Drift dashboard and the alert
rules ask only for metrics the services expose, and the operations page names each; promtool checks the
configuration and unit-tests the rules."""

from __future__ import annotations

import re
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from prometheus_client.metrics_core import Metric
from prometheus_client.parser import text_string_to_metric_families

from services.dashboards.boards.drift import PANELS
from tests.support.kafka_pipeline import KafkaPipeline, http, wait_until
from tests.support.network import free_port
from tests.support.payloads import weeks_ago
from tests.support.processes import Process, embrace_command

ROOT = Path(__file__).parents[2]
PROMETHEUS = ROOT / "deploy" / "prometheus"
Samples = dict[str, list[dict[str, str]]]  # metric name -> the labels of each sample


def exposition(url: str) -> list[Metric]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return list(text_string_to_metric_families(response.read().decode()))


def scrape(url: str) -> Samples:
    found: Samples = {}
    for family in exposition(url):
        # A labelled metric nothing has counted yet has no samples, but it is exposed all the same.
        found.setdefault(family.name + ("_total" if family.type == "counter" else ""), [])
        for sample in family.samples:
            found.setdefault(sample.name, []).append(sample.labels)
    return found


def value(url: str, name: str) -> float | None:
    return next((s.value for family in exposition(url) for s in family.samples if s.name == name), None)


def has(samples: Samples, name: str, **labels: str) -> bool:
    return any(all(s.get(k) == v for k, v in labels.items()) for s in samples.get(name, []))


def promtool() -> str:
    found = shutil.which("promtool")
    if found is None:
        missing = "promtool is missing: install Debian's prometheus package (deploy/dev/system-packages.sh)"
        pytest.fail(missing, pytrace=False)
    return found


@pytest.fixture
def pipeline(tmp_path: Path, kafka_bootstrap: str, topic_namespace: str) -> Iterator[KafkaPipeline]:
    running = KafkaPipeline(tmp_path / "home", kafka_bootstrap, topic_namespace)
    yield running
    running.stop_all()


@contextmanager
def reporting(home: Path) -> Iterator[str]:
    """`embrace serve reporting` on a home of its own; its address."""
    port = free_port()
    process = Process(
        [*embrace_command(), "serve", "reporting", "--port", str(port)], env={"EMBRACE_HOME": str(home)}
    )
    try:
        process.wait_for("reporting is serving", timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.stop(timeout=30)


@pytest.mark.kafka
def test_each_service_exposes_what_the_drift_dashboard_and_the_rules_read(
    pipeline: KafkaPipeline, tmp_path: Path
) -> None:
    key = pipeline.partner()
    pipeline.start_all("ingest", "enrich", "aggregate")
    week = weeks_ago(2)
    body = {"incidents": [week.incident("graffiti"), week.incident("littering", day=2)]}
    assert http(pipeline.url("ingest", "/v1/reports"), key, body)[0] == 202
    stats = f"/v1/stats/weekly?week={week.label}"
    assert wait_until(lambda: http(pipeline.url("aggregate", stats), key)[1].get("incidents") == 2, 60)

    ingest, enrich, aggregate = (scrape(pipeline.url(name, "/metrics")) for name in pipeline.processes)
    assert has(ingest, "embrace_http_requests_total", route="/v1/reports", status="202")
    assert {"embrace_outbox_backlog", "embrace_outbox_oldest_seconds"} <= set(ingest)
    assert has(enrich, "embrace_stage_messages_total", stage="enrich-reports", outcome="ok")
    assert has(enrich, "embrace_stage_emitted_total", stage="enrich-reports")
    assert has(enrich, "embrace_consumer_lag", topic="embrace.incident-reports.v1")
    assert has(enrich, "embrace_group_end", topic="embrace.incident-reports.v1")  # as Kafka tells it
    assert has(enrich, "embrace_stage_seconds_bucket", stage="enrich-reports")
    assert has(aggregate, "embrace_sink_batch_rows_bucket", stage="sink-incidents")
    assert has(aggregate, "embrace_sink_unwritten_seconds", stage="sink-incidents")
    assert has(aggregate, "embrace_consumer_lag", topic="embrace.reports-enriched.v1")
    for worker, samples in (("enrich", enrich), ("aggregate", aggregate)):
        assert has(samples, "python_gc_collections_total", generation="2")
        # Start-up's objects are out of the collector's walks (embrace/bus/garbage_collector.py).
        assert (value(pipeline.url(worker, "/metrics"), "embrace_heap_frozen_objects") or 0) > 0

    with reporting(tmp_path / "reporting") as base:
        reads = scrape(f"{base}/metrics")
    assert {"embrace_report_runs_total", "embrace_report_mails_total"} <= set(reads)
    exposed = set(ingest) | set(enrich) | set(aggregate) | set(reads)
    rules = (PROMETHEUS / "rules.yml").read_text()
    asked = {m for text in [rules, *(p[2] for p in PANELS)] for m in re.findall(r"\b(embrace_\w+)", text)}
    assert asked - exposed == set(), "the dashboard or the rules read metrics no service exposes"
    documented = set(re.findall(r"\b(embrace_\w+)", (ROOT / "docs" / "operations.md").read_text()))
    assert families(exposed) - documented == set(), "docs/operations.md does not name these metrics"


def families(samples: set[str]) -> set[str]:
    """The platform's metrics by their names in the docs: a histogram's, not its buckets'."""
    parts = ("_bucket", "_count", "_sum", "_created")
    return {name for name in samples if name.startswith("embrace_") and not name.endswith(parts)}


def test_the_reporting_service_exposes_its_requests(tmp_path: Path) -> None:
    with reporting(tmp_path) as base:
        urllib.request.urlopen(f"{base}/healthz", timeout=10).read()
        metrics = scrape(f"{base}/metrics")
    assert has(metrics, "embrace_http_requests_total", route="/healthz")


def test_promtool_accepts_the_configuration_and_the_rules_fire_as_tested(tmp_path: Path) -> None:
    config = (PROMETHEUS / "prometheus.yml").read_text().replace("/etc/prometheus/rules.yml", "rules.yml")
    (tmp_path / "prometheus.yml").write_text(config)
    shutil.copy(PROMETHEUS / "rules.yml", tmp_path / "rules.yml")
    for args, where in ((["check", "config", "prometheus.yml"], tmp_path),
                        (["test", "rules", "rules_test.yml"], PROMETHEUS)):  # fmt: skip
        done = subprocess.run([promtool(), *args], cwd=where, capture_output=True, text=True, timeout=60,
                              check=False)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
