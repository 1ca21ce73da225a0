"""The pipeline on Kafka as separate OS processes, the way `embrace serve` runs it."""

from __future__ import annotations

import json
import signal
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.network import free_port
from tests.support.partner_store import partner_key
from tests.support.processes import Process, embrace_command

READY_LINE = {
    "ingest": "ingest is serving",
    "enrich": "embrace-enrich is consuming",
    "aggregate": "embrace-aggregate is consuming",
    "warehouse": "the warehouse is shared",
}
COMMAND = {"warehouse": ["warehouse", "share"]}  # the rest are `serve <service>`
LISTENING = ("ingest", "aggregate", "warehouse")


class KafkaPipeline:
    def __init__(self, home: Path, bootstrap: str, namespace: str) -> None:
        self.home = home
        self.env = {
            "EMBRACE_HOME": str(home),
            "EMBRACE_KAFKA_BOOTSTRAP": bootstrap,
            "EMBRACE_TOPIC_NAMESPACE": namespace,
            # These tests post as fast as they can; the rate limit has tests of its own.
            "EMBRACE_RATE_LIMIT_BURST": "100000",
            "PYTHONFAULTHANDLER": "1",  # a worker that crashes prints every thread's stack
        }
        self.ports: dict[str, int] = {}  # of each worker that serves HTTP, by its name
        self.metrics_ports: dict[str, int] = {}  # of each enrich worker, which serves no HTTP otherwise
        self.processes: dict[str, Process] = {}
        self.stopped: dict[str, Process] = {}

    def partner(self, tenant: str = "0180", slug: str = "kommunen") -> str:
        return partner_key(self.home, tenant, slug)

    def share_warehouse(self) -> None:
        """Serve the embedded warehouse to the workers started from now on, so that two aggregate
        workers can write it (again, on the same port, after it was stopped)."""
        self.start("warehouse", {"EMBRACE_CLICKHOUSE_DSN": self.embedded_dsn})
        self.env["EMBRACE_CLICKHOUSE_DSN"] = f"http://127.0.0.1:{self.ports['warehouse']}/embrace"

    @property
    def embedded_dsn(self) -> str:
        return f"chdb://{self.home / 'clickhouse'}"

    @property
    def warehouse_dsn(self) -> str:
        return self.env.get("EMBRACE_CLICKHOUSE_DSN", self.embedded_dsn)

    def start(self, service: str, env: dict[str, str] | None = None) -> None:
        """Start a worker of ``service`` (with ``env`` beside the pipeline's settings) and wait until it
        is ready."""
        self.start_all(service, env_of=lambda _: env or {})

    def start_all(self, *names: str, env_of: Callable[[str], dict[str, str]] | None = None) -> None:
        """Start workers side by side, then wait until each is ready: they load and join their groups
        meanwhile. A name such as ``enrich-2`` is another worker of ``enrich``; ``env_of`` gives a
        service's own settings."""
        services = [name.split("-")[0] for name in names]
        launched = [
            self._launch(s, env_of(s) if env_of else {}, n) for s, n in zip(services, names, strict=True)
        ]
        for process, service in zip(launched, services, strict=True):
            process.wait_for(READY_LINE[service], timeout=120)

    def _launch(self, service: str, env: dict[str, str], name: str) -> Process:
        args = [*embrace_command(), *COMMAND.get(service, ["serve", service])]
        if service in LISTENING:
            args += ["--port", str(self.ports.setdefault(name, free_port()))]
        metrics = {}
        if service == "enrich":
            port = self.metrics_ports.setdefault(name, free_port())
            metrics = {"EMBRACE_METRICS_PORT": str(port)}
        process = Process(args, env={**self.env, **metrics, **env})
        self.processes[name] = process
        return process

    def stop(self, service: str, how: signal.Signals = signal.SIGINT, timeout: float = 60) -> int:
        process = self.stopped[service] = self.processes.pop(service)
        if how == signal.SIGKILL:
            process.popen.kill()
            return process.popen.wait(timeout)
        return process.stop(timeout)

    def tails(self, count: int = 15) -> str:
        """What each worker wrote last, those stopped or killed too, to tell why a count fell short."""
        return "\n".join(f"--- {name}:\n" + "\n".join(process.tail(count))
                         for name, process in {**self.stopped, **self.processes}.items())  # fmt: skip

    def said(self, text: str) -> list[str]:
        """Every line with ``text`` in it that a worker wrote, after the worker's name."""
        workers = {**self.stopped, **self.processes}.items()
        return [f"{name}: {line}" for name, process in workers for line in process.output() if text in line]

    def last_words(self, service: str, count: int = 40) -> str:
        """What a stopped worker wrote last, to tell why it did not stop cleanly."""
        return "\n".join(self.stopped[service].tail(count))

    def stop_all(self) -> None:
        for service in list(self.processes):
            self.stop(service)

    def url(self, service: str, path: str) -> str:
        port = self.metrics_ports[service] if service.startswith("enrich") else self.ports[service]
        return f"http://127.0.0.1:{port}{path}"


def http(url: str, key: str, body: Any = None, timeout: float = 30) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_until(condition: Any, timeout: float, every: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False
