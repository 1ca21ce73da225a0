"""Local times without an offset across the changes to and from summer time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from embrace.localtime import localize

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_an_ordinary_winter_and_summer_time_keep_their_offsets() -> None:
    assert localize(datetime(2026, 1, 15, 22, 15), STOCKHOLM).utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert localize(datetime(2026, 7, 15, 22, 15), STOCKHOLM).utcoffset().total_seconds() == 7200  # type: ignore[union-attr]


def test_a_time_in_the_spring_gap_moves_forward_by_the_gap() -> None:
    made = localize(datetime(2026, 3, 29, 2, 30), STOCKHOLM)
    assert made.isoformat() == "2026-03-29T03:30:00+02:00"
    assert made.astimezone(UTC).isoformat() == "2026-03-29T01:30:00+00:00"


def test_a_time_that_happens_twice_in_autumn_is_the_first_summer_time_one() -> None:
    made = localize(datetime(2026, 10, 25, 2, 30), STOCKHOLM)
    assert made.isoformat() == "2026-10-25T02:30:00+02:00"
    assert made.astimezone(UTC).isoformat() == "2026-10-25T00:30:00+00:00"


def test_a_time_with_an_offset_is_refused() -> None:
    with pytest.raises(ValueError, match="without an offset"):
        localize(datetime(2026, 1, 1, tzinfo=UTC), STOCKHOLM)
