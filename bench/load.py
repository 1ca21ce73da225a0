"""Open-loop load of single reports: requests are sent when due whatever the answers before them, and a
late answer counts from when its request was due. Shed requests (503) may be retried with the same
Idempotency-Key after their Retry-After, as a well-behaved client does."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from bench.measure import cpu_times, percentile, stolen_share

Body = Callable[[int], dict[str, Any]]
# A client gives up on an answer after this long and, retrying, sends the request again with its key. Under
# overload the kernel's queue of connections can fill: a connection it then drops is never answered.
GIVE_UP_SECONDS = 30.0
UNANSWERED = 0  # the status of a request given up on, or whose connection failed


class Target:
    def __init__(self, name: str, base: str, key: str) -> None:
        self.name, self.base, self.key = name, base, key

    def post(self, path: str, body: bytes, idempotency: str | None = None) -> tuple[int, float, float]:
        """(status, seconds taken, Retry-After in seconds or 0)."""
        headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"}
        if idempotency:
            headers["Idempotency-Key"] = idempotency
        request = urllib.request.Request(self.base + path, data=body, method="POST", headers=headers)
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=GIVE_UP_SECONDS) as response:
                response.read()
                return response.status, time.perf_counter() - started, 0.0
        except urllib.error.HTTPError as error:
            error.read()
            wait = float(error.headers.get("Retry-After") or 0)
            return error.code, time.perf_counter() - started, wait
        except (TimeoutError, urllib.error.URLError, ConnectionError):
            return UNANSWERED, time.perf_counter() - started, 1.0


@dataclass
class Load:
    """What one steady run saw."""

    answers_ms: list[float] = field(default_factory=list)  # each answer's wait: from due, or from its retry
    accepted_ms: list[float] = field(default_factory=list)  # from due to the answer that accepted it
    shed: int = 0
    unanswered: int = 0
    accepted: set[str] = field(default_factory=set)
    keys: int = 0
    late_ms: float = 0.0  # the latest a request left after it was due: the bench's own delay
    stolen: float = 0.0  # share of the machine's CPU time its host took for others during the run

    def p99(self) -> float:
        return percentile(self.accepted_ms, 0.99) if self.accepted_ms else float("inf")

    def summary(self) -> str:
        shed = 100 * self.shed / max(1, len(self.answers_ms))
        return (f"p50 / p99 accepted {percentile(self.accepted_ms, 0.5):.0f} / {self.p99():.0f} ms (retries "
                f"included), longest wait for an answer {max(self.answers_ms):,.0f} ms, {self.shed:,} "
                f"answers shed ({shed:.1f} %), {self.unanswered} given up on after {GIVE_UP_SECONDS:.0f} s, "
                f"sent up to {self.late_ms:,.0f} ms late, {100 * self.stolen:.1f} % of the CPU stolen by "
                f"the host")  # fmt: skip


def steady(target: Target, rate: float, seconds: float, body: Body, prefix: str, retry: bool) -> Load:
    """``rate`` requests a second for ``seconds``; with ``retry``, shed ones are sent again (same key)
    until accepted or 30 s have passed."""
    count = int(rate * seconds)
    bodies = [json.dumps(body(n)).encode() for n in range(count)]
    load, lock = Load(keys=count), threading.Lock()
    start = time.perf_counter() + 0.5

    def send(n: int) -> None:
        due = start + n / rate
        time.sleep(max(0.0, due - time.perf_counter()))
        key, sent = f"{prefix}-{n}", due
        with lock:
            load.late_ms = max(load.late_ms, (time.perf_counter() - due) * 1000)
        while True:
            status, _, wait = target.post("/v1/reports", bodies[n], key)
            now = time.perf_counter()
            with lock:
                load.answers_ms.append((now - sent) * 1000)
                load.shed += status == 503
                load.unanswered += status == UNANSWERED
                if status in (200, 201, 202):
                    load.accepted_ms.append((now - due) * 1000)
                    load.accepted.add(key)
            if status not in (503, UNANSWERED) or not retry or now - due > 30:
                return
            time.sleep(wait)
            sent = time.perf_counter()

    # A shed request keeps its thread through Retry-After: with too few threads the next ones would leave
    # late, and their wait would be the bench's own. Retried, a request may keep it for 30 s: one each.
    ticks = cpu_times()
    with ThreadPoolExecutor(min(count, 5000) if retry else max(256, int(rate * 4))) as pool:
        list(pool.map(send, range(count)))
    load.stolen = stolen_share(ticks, cpu_times())
    return load


# A step of the sweep during which the host took more of the CPU than this is measured again, up to
# ``ATTEMPTS`` times in all: a shared virtual machine stalls for seconds now and then, and one stall
# would otherwise end the sweep at a rate the service holds.
DISTURBED = 0.02
ATTEMPTS = 3


def capacity(target: Target, body: Body, rates: list[float], seconds: float, bound_ms: float,
             say: Callable[[str], None]) -> tuple[float, list[Load]]:  # fmt: skip
    """The highest of ``rates`` (ascending) at which the p99 of accepted requests stays under
    ``bound_ms`` and nothing is shed (0 if none), and every run made to find it."""
    found, loads = 0.0, []
    for rate in rates:
        for attempt in range(ATTEMPTS):
            load = steady(target, rate, seconds, body, f"{target.name}-sweep-{rate:g}-{attempt}", retry=False)
            loads.append(load)
            say(f"  {target.name} at {rate:g}/s: {load.summary()}")
            if load.stolen <= DISTURBED:
                break
        if load.p99() >= bound_ms or load.shed or load.unanswered:
            break
        found = rate
    return found, loads
