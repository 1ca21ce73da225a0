"""Ingest's capacity, on SQLite and on PostgreSQL, beside a bare FastAPI endpoint measured in the same run.

    python bench/ingest.py [--batches 11] [--seconds 10] [--stores sqlite,postgresql]

The service measured is `embrace serve ingest` as deployed on Kafka: one uvicorn worker, its outbox
relay publishing to a real broker in the same process, the SQL store on SQLite (a file under its home)
or PostgreSQL (Debian's, started for the run with fsync off). The reference is a FastAPI app that only
parses the JSON (bench/bare_api.py), served by uvicorn the same way. For each:

1. Batch: reports of 5 incidents, 1,000 to a request, one after another; accepted incidents/s.
2. Single reports of 3 incidents at a steady 100 requests/s (open loop, bench/load.py): p50 and p99.
3. Capacity: the highest steady rate at which the p99 stays under 50 ms and nothing is shed. A step
   during which the host took more than 2 % of the CPU is measured again, up to three times in all.
4. Twice that rate, each shed request retried with its Idempotency-Key after Retry-After: the share
   shed, the p99 of accepted ones, the slowest answer, and reports lost or stored twice.

Each steady run also prints the share of the machine's CPU time its host took for others (steal, from
/proc/stat): on a shared virtual machine, it tells a run disturbed from outside apart.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from bench.load import Load, Target, capacity, steady
from bench.measure import broker, scratch, table
from embrace.sqlstore import SqlStore
from embrace.sqlstore.tables import StoredReport
from tests.support.network import free_port, wait_for_port
from tests.support.partner_store import partner_key
from tests.support.payloads import weeks_ago
from tests.support.postgres import postgres_server
from tests.support.processes import Process, embrace_command

WEEK = weeks_ago(2)
RATES = [50.0, 75.0, 100.0, 125.0, 150.0, 175.0, 200.0, 225.0, 250.0, 300.0, 400.0, 600.0, 800.0]
BOUND_MS = 50.0


def report(n: int, incidents: int = 3) -> dict[str, Any]:
    categories = ("littering", "graffiti", "vandalism", "disturbing_groups", "dark_place")
    return {"incidents": [
        {"category": categories[(n + i) % len(categories)], "description": "Trasig belysning vid gångvägen",
         "time": {"kind": "instant", "at": WEEK.at(i % 7, 8 + n % 12, n % 60)},
         "location": {"address": f"Storgatan {n % 90 + 1}"}}
        for i in range(incidents)
    ]}  # fmt: skip


def batch_rate(target: Target, batches: int) -> float:
    bodies = [json.dumps({"reports": [report(b * 1000 + n, 5) for n in range(1000)]}).encode()
              for b in range(batches)]  # fmt: skip
    target.post("/v1/reports/batch", bodies[0])  # warm up
    started = time.perf_counter()
    for body in bodies[1:]:
        if (status := target.post("/v1/reports/batch", body)[0]) != 202:
            raise RuntimeError(f"{target.name}: a batch was answered {status}")
    return (batches - 1) * 5000 / (time.perf_counter() - started)


def drained(target: Target, timeout: float = 600) -> None:
    """The relay publishes the batches in the background: latency is measured once it is done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(target.base + "/metrics", timeout=10) as response:
            if "embrace_outbox_backlog 0.0" in response.read().decode():
                return
        time.sleep(0.5)
    raise RuntimeError("the outbox did not drain")


def measure(target: Target, args: argparse.Namespace, store: str = "") -> list[tuple[str, str]]:
    """The four figures of the module's docstring; the last two for ingest only (``store`` given)."""
    name = target.name
    rows = [(f"{name}: batch, incidents/s", f"{batch_rate(target, args.batches):,.0f}")]
    if store:
        drained(target)
    at_100 = steady(target, 100, args.seconds, report, f"{name}-100", retry=False)
    rows.append((f"{name}: 100 single reports/s", at_100.summary()))
    found, sweep = capacity(target, report, RATES, args.seconds, BOUND_MS, print)
    rows.append((f"{name}: capacity, p99 < {BOUND_MS:.0f} ms and none shed", f"{found:g} reports/s"))
    if store and found:
        load = steady(target, 2 * found, args.seconds, report, f"{name}-twice", retry=True)
        rows.append((f"{name}: at twice that, retried with the key", load.summary()))
        before = args.batches * 1000 + sum(len(run.accepted) for run in [at_100, *sweep])
        rows.append((f"{name}:   after retries", lost_or_doubled(store, before, load)))
    return rows


def lost_or_doubled(url: str, before: int, load: Load) -> str:
    """Accepted reports missing from the store or stored twice, and keys not accepted within 30 s."""
    sql_store = SqlStore.connect(url)
    try:
        with sql_store.session() as session:
            stored = session.scalar(select(func.count()).select_from(StoredReport)) or 0
    finally:
        sql_store.close()
    beyond = stored - before - len(load.accepted)
    return (f"{max(0, -beyond)} lost, {max(0, beyond)} stored twice, "
            f"{load.keys - len(load.accepted)} not accepted within 30 s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--batches", type=int, default=11)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--in-flight", type=int, default=16, help="EMBRACE_MAX_IN_FLIGHT of ingest")
    parser.add_argument("--queued", type=int, default=32, help="EMBRACE_MAX_QUEUED of ingest")
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    with broker() as bootstrap:
        with bare_api() as base:
            rows += measure(Target("bare FastAPI", base, ""), args)
        for store in args.stores.split(","):
            rows += run_ingest(store, bootstrap, args)
    print(table(rows))


@contextmanager
def bare_api() -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "bench.bare_api:app", "--port", str(port),
               "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, cwd=Path(__file__).resolve().parents[1])
    try:
        if not wait_for_port(port):
            raise RuntimeError("the bare FastAPI reference did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait()


def run_ingest(store: str, bootstrap: str, args: argparse.Namespace) -> list[tuple[str, str]]:
    home = scratch(f"ingest-{store}")
    with postgres_server() if store == "postgresql" else nullcontext("") as given:
        url = given or f"sqlite:///{home / 'embrace.sqlite3'}"
        key, port = partner_key(home, url=url), free_port()
        env = {"EMBRACE_HOME": str(home), "EMBRACE_KAFKA_BOOTSTRAP": bootstrap, "EMBRACE_DATABASE_URL": given,
               "EMBRACE_RATE_LIMIT_PER_MINUTE": "100000000", "EMBRACE_MAX_IN_FLIGHT": str(args.in_flight),
               "EMBRACE_MAX_QUEUED": str(args.queued), "EMBRACE_RATE_LIMIT_BURST": "100000"}  # fmt: skip
        process = Process([*embrace_command(), "serve", "ingest", "--port", str(port)], env=env)
        try:
            process.wait_for("ingest is serving", timeout=120)
            return measure(Target(f"ingest on {store}", f"http://127.0.0.1:{port}", key), args, url)
        finally:
            process.stop()


if __name__ == "__main__":
    main()
