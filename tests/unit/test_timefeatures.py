from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from services.enrich.timefeatures import time_features

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_local_time_decides_the_date_and_hour() -> None:
    # 23:30 UTC on a winter Sunday is 00:30 on Monday in Stockholm: a new day and a new ISO week.
    features = time_features(datetime(2026, 2, 1, 23, 30, tzinfo=UTC), STOCKHOLM)
    assert (features.local_date.isoformat(), features.iso_week, features.weekday, features.hour) == (
        "2026-02-02", "2026-W06", 1, 0,
    )  # fmt: skip
    assert features.part_of_day == "night"


def test_summer_time_is_two_hours_ahead_of_utc() -> None:
    assert time_features(datetime(2026, 7, 1, 10, 0, tzinfo=UTC), STOCKHOLM).hour == 12


def test_the_iso_week_of_new_year_belongs_to_the_year_of_its_thursday() -> None:
    assert time_features(datetime(2027, 1, 1, 12, tzinfo=UTC), STOCKHOLM).iso_week == "2026-W53"
    assert time_features(datetime(2025, 12, 29, 12, tzinfo=UTC), STOCKHOLM).iso_week == "2026-W01"


@pytest.mark.parametrize(
    ("hour", "part"), [(5, "night"), (6, "morning"), (11, "morning"), (12, "afternoon"), (18, "evening")]
)
def test_the_day_has_four_parts(hour: int, part: str) -> None:
    assert time_features(datetime(2026, 1, 15, hour, tzinfo=STOCKHOLM), STOCKHOLM).part_of_day == part
