"""When a period's report is due: from six in the morning, Stockholm time, after the period."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from services.reporting.delivery.kinds import due_quarter, due_week

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_the_week_is_due_from_monday_six_in_the_morning_stockholm_time() -> None:
    monday = datetime(2026, 3, 9, 5, 59, tzinfo=STOCKHOLM)  # 2026-W11
    assert due_week(monday, STOCKHOLM) == "2026-W09"  # not yet: the week before last is the latest due
    assert due_week(monday + timedelta(minutes=1), STOCKHOLM) == "2026-W10"
    assert due_week(datetime(2026, 3, 15, 23, tzinfo=STOCKHOLM), STOCKHOLM) == "2026-W10"


def test_the_quarter_is_due_from_six_on_its_first_weekday_after() -> None:
    assert due_quarter(datetime(2026, 1, 1, 5, 59, tzinfo=STOCKHOLM), STOCKHOLM) == "2025-Q3"  # Thursday
    assert due_quarter(datetime(2026, 1, 1, 6, tzinfo=STOCKHOLM), STOCKHOLM) == "2025-Q4"
    assert due_quarter(datetime(2026, 7, 4, 12, tzinfo=STOCKHOLM), STOCKHOLM) == "2026-Q2"
    assert (
        due_quarter(datetime(2023, 7, 2, 12, tzinfo=STOCKHOLM), STOCKHOLM) == "2023-Q1"
    )  # a Sunday: not yet
    assert due_quarter(datetime(2023, 7, 3, 6, tzinfo=STOCKHOLM), STOCKHOLM) == "2023-Q2"  # Monday
    assert due_quarter(datetime(2026, 10, 1, 7, tzinfo=STOCKHOLM), STOCKHOLM) == "2026-Q3"
    assert due_quarter(datetime(2026, 3, 31, tzinfo=STOCKHOLM), STOCKHOLM) == "2025-Q4"
    assert due_quarter(datetime(2025, 10, 1, 5, tzinfo=STOCKHOLM), STOCKHOLM) == "2025-Q2"  # before six
    assert due_quarter(datetime(2026, 4, 1, 6, tzinfo=STOCKHOLM), STOCKHOLM) == "2026-Q1"
