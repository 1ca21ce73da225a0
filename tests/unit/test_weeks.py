"""ISO week arithmetic across the turn of a year, and weeks that end at midnight in the platform's zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from embrace.settings import load_settings
from embrace.weeks import keep_weeks_in, last_week, this_week, through

SUNDAY_NIGHT = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # Monday 00:30 in Stockholm


@pytest.fixture
def weeks_in_sweden() -> Iterator[None]:
    yield
    keep_weeks_in("Europe/Stockholm")


def test_the_weeks_through_a_turn_of_year_include_both_ends() -> None:
    assert through("2025-W52", "2026-W02") == ["2025-W52", "2026-W01", "2026-W02"]
    assert through("2026-W53", "2027-W01") == ["2026-W53", "2027-W01"]  # 2026 has a week 53
    assert through("2026-W03", "2026-W01") == []


def test_a_week_ends_at_midnight_in_sweden_while_utc_still_says_sunday() -> None:
    assert this_week(SUNDAY_NIGHT) == "2026-W50"
    assert last_week(SUNDAY_NIGHT) == "2026-W49"  # ended: partners may report it


def test_the_weeks_follow_the_settings_zone(weeks_in_sweden: None) -> None:
    load_settings(timezone="UTC")
    assert last_week(SUNDAY_NIGHT) == "2026-W48"
    load_settings(timezone="Europe/Stockholm")
    assert last_week(SUNDAY_NIGHT) == "2026-W49"
