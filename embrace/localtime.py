"""Local wall-clock times without an offset (history files, police notice names) made into instants.

Twice a year a local time is not one instant:

* **Spring forward** (last Sunday of March in Sweden, 02:00 -> 03:00): 02:30 does not exist. It is read
  with the offset in force before the change, so it lands as far after 02:00 as written: 02:30 is
  03:30 summer time (01:30 UTC). A clock nobody moved yet reads like that.
* **Fall back** (last Sunday of October, 03:00 -> 02:00): 02:30 happens twice. It is read as the first,
  summer-time one (00:30 UTC): a record with no offset cannot say which, and the first keeps the order
  of events written through the night.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def localize(wall_clock: datetime, zone: ZoneInfo) -> datetime:
    """The instant a naive local time stands for in ``zone``, by the rules above."""
    if wall_clock.tzinfo is not None:
        raise ValueError("localize takes a time without an offset")
    # fold=0 is PEP 495's "earlier": the offset before a gap, the first of a repeated hour.
    return wall_clock.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)
