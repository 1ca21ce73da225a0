"""The one thing producers of messages need: hand records over and know they were accepted."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from embrace.bus.processing import Record


class Publisher(Protocol):
    def publish(self, records: Sequence[Record]) -> None:
        """Return once every record is durably accepted; raise if any was not."""

    def close(self) -> None: ...


class DeliveryFailed(Exception):
    """The bus did not accept the records; the caller keeps them and tries again later."""


def backoff(initial: float = 0.1, maximum: float = 5.0, factor: float = 2.0) -> Iterator[float]:
    """Delays between attempts: exponential, capped."""
    delay = initial
    while True:
        yield delay
        delay = min(maximum, delay * factor)
