"""What the benchmarks share: a broker, percentiles, and a table printer."""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from services.cli import kafka_broker


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def broker() -> Iterator[str]:
    """KAFKA_BOOTSTRAP_SERVERS, or a broker of our own for the length of the run."""
    given = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if given:
        yield given
        return
    base = Path(tempfile.mkdtemp(prefix="embrace-bench-kafka-"))
    port = free_port()
    while not _free(port + 1):
        port = free_port()
    bootstrap = kafka_broker.start(base, port, heap="1g")
    try:
        yield bootstrap
    finally:
        kafka_broker.stop(base)


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def table(rows: Sequence[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"  {name:<{width}}  {value}" for name, value in rows)
