"""The one thing producers of messages need: hand records over and know they were accepted."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from embrace.record import Record


class Publisher(Protocol):
    def publish(self, records: Sequence[Record]) -> None:
        """Return once every record is durably accepted; raise :class:`DeliveryFailed` if any was not,
        or :class:`RecordsRefused` when the others were and these never will be."""

    def close(self) -> None: ...


class DeliveryFailed(Exception):
    """The bus did not accept the records; the caller keeps them and tries again later."""


class RecordsRefused(DeliveryFailed):
    """The bus took every record but these, which it will never take (too large, invalid).

    ``refused`` maps a record's position in the published sequence to the bus's reason.
    """

    def __init__(self, refused: dict[int, str]) -> None:
        super().__init__(f"{len(refused)} records refused: " + "; ".join(sorted(set(refused.values()))))
        self.refused = refused


def backoff(initial: float = 0.1, maximum: float = 5.0, factor: float = 2.0) -> Iterator[float]:
    """Delays between attempts: exponential, capped."""
    delay = initial
    while True:
        yield delay
        delay = min(maximum, delay * factor)
