"""What the benchmarks share: scratch directories, a broker, percentiles, and a table printer."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from services.cli.kafka import broker as local_kafka


def scratch(prefix: str) -> Path:
    """A directory of the run's own, removed when it ends: a run at scale leaves gigabytes otherwise."""
    path = Path(tempfile.mkdtemp(prefix=f"embrace-bench-{prefix}-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@contextmanager
def broker() -> Iterator[str]:
    """KAFKA_BOOTSTRAP_SERVERS, or a broker of our own for the length of the run."""
    given = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if given:
        yield given
        return
    base = scratch("kafka")
    bootstrap = local_kafka.start(base, local_kafka.free_port_pair(), heap="1g").bootstrap
    try:
        yield bootstrap
    finally:
        local_kafka.stop(base)


def cpu_times() -> tuple[int, int]:
    """The machine's CPU time so far, in ticks: all of it, and what the host took for others (steal).
    A virtual machine's latency swings with the second; printed, it tells a disturbed run apart."""
    try:
        with open("/proc/stat") as stat:
            ticks = [int(field) for field in stat.readline().split()[1:]]
    except OSError:  # not Linux
        return 0, 0
    return sum(ticks[:8]), ticks[7] if len(ticks) > 7 else 0


def stolen_share(before: tuple[int, int], after: tuple[int, int]) -> float:
    total = after[0] - before[0]
    return (after[1] - before[1]) / total if total > 0 else 0.0


def table(rows: Sequence[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"  {name:<{width}}  {value}" for name, value in rows)
