"""What happens to a sink's batch, shared by both runners: write it, or find the rows the store refuses.

A store refuses a batch for one of two reasons, and they need opposite treatment:

* it is down or busy (transient): nothing is wrong with the rows, so nothing may be dropped. The runner
  retries with back-off and the partition waits.
* a row is bad data the store cannot hold: retrying can never help, and holding the batch back would stop
  every record behind it, for every tenant. The batch is halved until the bad rows are alone; they become
  dead letters with the store's reason, and their good neighbours are written.

Rewriting a half that was already written is harmless: every table is keyed so a replay overwrites itself.
What a sink emits about a write (alerts) is encoded here too, and the runner publishes it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from embrace.bus.processing import Clock, dead_letter, outgoing
from embrace.bus.stages import Sink, undeclared
from embrace.record import Record

log = logging.getLogger(__name__)


class StoreDown(Exception):
    """The store could not take a batch for a reason that passes; try the same batch again later."""


@dataclass
class Stored:
    """What came of a sink's batch: the records its writes emitted, and dead letters of refused rows."""

    emitted: list[Record] = field(default_factory=list)
    refused: list[Record] = field(default_factory=list)

    def __add__(self, other: Stored) -> Stored:
        return Stored(self.emitted + other.emitted, self.refused + other.refused)

    @property
    def records(self) -> list[Record]:
        return self.emitted + self.refused


def write_isolating(sink: Sink[Any], pairs: Sequence[tuple[Record, Any]], clock: Clock) -> Stored:
    """Write the values; return what the writes emitted and dead letters of the rows the store refused.

    Raises :class:`StoreDown`."""
    if not pairs:
        return Stored()
    try:
        emits = list(sink.write([value for _, value in pairs]) or ())
    except Exception as exc:
        if sink.is_transient(exc):
            raise StoreDown(f"{sink.name}: {type(exc).__name__}: {_first_line(exc)}") from exc
        if len(pairs) == 1:
            return Stored(refused=[_refused(sink, pairs[0][0], exc, clock)])
    else:
        undeclared(sink, emits)  # a bug, not the data's fault: never dead-letter good rows for it
        now = clock()
        return Stored(emitted=[outgoing(emit, now) for emit in emits])
    middle = len(pairs) // 2
    return write_isolating(sink, pairs[:middle], clock) + write_isolating(sink, pairs[middle:], clock)


def _refused(sink: Sink[Any], record: Record, exc: Exception, clock: Clock) -> Record:
    reason = f"store refused: {type(exc).__name__}: {_first_line(exc)}"
    log.error(
        "sink %s: the store refused the record at %s partition %s offset %s (key %r): %s",
        sink.name, record.topic, record.partition, record.offset, record.key, reason,
    )  # fmt: skip
    return dead_letter(sink.name, record, reason, clock())


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0][:1000] if lines else "no detail"
