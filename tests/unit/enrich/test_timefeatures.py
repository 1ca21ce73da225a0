from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.enrich.timefeatures import TimeColumns, time_columns, unix

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def time_features(moment: datetime, zone: ZoneInfo, until: datetime | None = None) -> Any:
    columns: TimeColumns = time_columns(unix([moment]), unix([until or moment]), zone)
    return SimpleNamespace(**columns.fields(0))


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


def test_a_window_is_placed_by_its_midpoint_and_a_long_one_is_marked() -> None:
    start = datetime(2026, 2, 6, 20, 0, tzinfo=STOCKHOLM)  # Friday evening to Saturday morning
    night = time_features(start, STOCKHOLM, start + timedelta(hours=10))
    assert (night.local_date.isoformat(), night.hour, night.weekday, night.window_hours) == (
        "2026-02-07",
        1,
        6,
        10.0,
    )
    assert not night.long_window
    weekend = time_features(start, STOCKHOLM, start + timedelta(hours=60))
    assert (weekend.window_hours, weekend.long_window) == (60.0, True)


def test_month_quarter_and_season_come_from_the_local_date() -> None:
    features = time_features(datetime(2026, 2, 28, 23, 30, tzinfo=UTC), STOCKHOLM)  # 1 March, local
    assert (features.month, features.quarter, features.season) == (3, "2026-Q1", "spring")
    assert time_features(datetime(2026, 12, 1, 12, tzinfo=UTC), STOCKHOLM).season == "winter"
    assert time_features(datetime(2026, 9, 1, 12, tzinfo=UTC), STOCKHOLM).season == "autumn"


@pytest.mark.parametrize(
    ("day", "name"),
    [("2026-06-19", "Midsommarafton"), ("2026-06-20", "Midsommardagen"), ("2026-12-24", "Julafton"),
     ("2026-12-31", "Nyårsafton"), ("2026-06-06", "Nationaldagen"), ("2026-04-03", "Långfredagen"),
     ("2026-06-21", None), ("2026-03-10", None)],
)  # fmt: skip
def test_swedish_holidays_and_eves_are_named_and_sundays_are_not_holidays(day: str, name: str | None) -> None:
    moment = datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=STOCKHOLM)
    assert time_features(moment, STOCKHOLM).holiday == name
