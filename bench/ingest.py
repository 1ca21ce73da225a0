"""Ingest throughput and latency, beside a bare FastAPI endpoint measured in the same run.

    python bench/ingest.py [--batches 10] [--seconds 30]

The service measured is `embrace serve ingest` as deployed on Kafka: one uvicorn worker, the SQL
sql_store on SQLite, its outbox relay publishing to a real broker in the same process. The reference is
a FastAPI app that only parses the JSON (bench/bare_api.py), served by uvicorn the same way.

1. Batch: reports of 5 incidents, 1,000 to a request, sent one after another; accepted incidents/s.
2. Latency: single reports of 3 incidents at a steady 100 requests/s (open loop: a late answer does not
   delay the next request, and latency counts from when the request was due), p50 and p99.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import broker, percentile, scratch, table
from tests.support.network import free_port, wait_for_port
from tests.support.partner_store import partner_key
from tests.support.payloads import weeks_ago
from tests.support.processes import Process, embrace_command

WEEK = weeks_ago(2)


def report(incidents: int, n: int) -> dict[str, Any]:
    categories = ("littering", "graffiti", "vandalism", "disturbing_groups", "dark_place")
    return {
        "incidents": [
            {
                "category": categories[(n + i) % len(categories)],
                "description": "Sönderslagen belysning vid gångvägen",
                "time": {"kind": "instant", "at": WEEK.at(i % 7, 8 + n % 12, n % 60)},
                "location": {"address": f"Storgatan {n % 90 + 1}"},
            }
            for i in range(incidents)
        ]
    }


class Target:
    def __init__(self, name: str, base: str, key: str) -> None:
        self.name, self.base, self.key = name, base, key

    def post(self, path: str, body: bytes) -> float:
        request = urllib.request.Request(
            self.base + path,
            data=body,
            method="POST",
            headers={"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"},
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            if response.status != 202:
                raise RuntimeError(f"{self.name}: {response.status}")
        return time.perf_counter() - started


def batch_rate(target: Target, batches: int) -> float:
    bodies = [
        json.dumps({"reports": [report(5, b * 1000 + n) for n in range(1000)]}).encode()
        for b in range(batches)
    ]
    target.post("/v1/reports/batch", bodies[0])  # warm up
    started = time.perf_counter()
    for body in bodies[1:]:
        target.post("/v1/reports/batch", body)
    return (batches - 1) * 5000 / (time.perf_counter() - started)


def steady_latencies(target: Target, rate: float, seconds: float) -> list[float]:
    bodies = [json.dumps(report(3, n)).encode() for n in range(int(rate * seconds))]
    latencies: list[float] = []
    lock = threading.Lock()
    start = time.perf_counter() + 0.5

    def send(n: int) -> None:
        due = start + n / rate
        time.sleep(max(0.0, due - time.perf_counter()))
        target.post("/v1/reports", bodies[n])
        with lock:
            latencies.append((time.perf_counter() - due) * 1000)

    with ThreadPoolExecutor(32) as pool:
        list(pool.map(send, range(len(bodies))))
    return latencies


def wait_until_drained(metrics_url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(metrics_url, timeout=10) as response:
            if "embrace_outbox_backlog 0.0" in response.read().decode():
                return True
        time.sleep(0.5)
    return False


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batches", type=int, default=11)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    home = scratch("ingest")
    key = partner_key(home)
    root = Path(__file__).resolve().parents[1]
    with broker() as bootstrap:
        ports = free_port(), free_port()
        env = {
            "EMBRACE_HOME": str(home),
            "EMBRACE_KAFKA_BOOTSTRAP": bootstrap,
            "EMBRACE_RATE_LIMIT_PER_MINUTE": "100000000",  # measure the service, not its rate limit
            "EMBRACE_RATE_LIMIT_BURST": "100000",
        }
        ours = Process([*embrace_command(), "serve", "ingest", "--port", str(ports[0])], env=env)
        ours.wait_for("ingest is serving", timeout=120)
        bare = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bench.bare_api:app",
                "--port",
                str(ports[1]),
                "--log-level",
                "warning",
            ],
            cwd=root,
        )
        try:
            if not wait_for_port(ports[1]):
                raise RuntimeError("the bare FastAPI reference did not start")
            targets = [
                Target("ingest", f"http://127.0.0.1:{ports[0]}", key),
                Target("bare FastAPI", f"http://127.0.0.1:{ports[1]}", key),
            ]
            rates = {t.name: batch_rate(t, args.batches) for t in targets}
            # The relay publishes the batches to Kafka in the background; latency is measured once it is
            # done, at the steady state, not while 50,000 incidents are still leaving.
            if not wait_until_drained(f"http://127.0.0.1:{ports[0]}/metrics", timeout=600):
                raise RuntimeError("the outbox did not drain")
            latencies = {t.name: steady_latencies(t, 100.0, args.seconds) for t in targets}
        finally:
            ours.stop()
            bare.terminate()
            bare.wait()

    def p99(name: str) -> float:
        return percentile(latencies[name], 0.99)

    def lat(name: str) -> str:
        values = latencies[name]
        return f"{percentile(values, 0.5):.1f} / {percentile(values, 0.99):.1f} ms"

    print(
        table(
            [
                ("batch: accepted incidents/s (ingest)", f"{rates['ingest']:,.0f}  (target >= 5,000)"),
                ("batch: incidents/s (bare FastAPI)", f"{rates['bare FastAPI']:,.0f}"),
                ("  ratio ingest / bare", f"{rates['ingest'] / rates['bare FastAPI']:.2f}"),
                ("100 req/s: p50 / p99 (ingest)", f"{lat('ingest')}  (target p99 < 50 ms)"),
                ("100 req/s: p50 / p99 (bare FastAPI)", lat("bare FastAPI")),
                ("  ratio of p99, ingest / bare", f"{p99('ingest') / p99('bare FastAPI'):.2f}"),
            ]
        )
    )


if __name__ == "__main__":
    main()
