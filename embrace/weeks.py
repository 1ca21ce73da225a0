"""ISO week arithmetic: the unit of EMBRACE's weekly rhythm."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

SWEDEN = "Europe/Stockholm"  # the platform's zone unless EMBRACE_TIMEZONE says otherwise
_WHERE = {"zone": ZoneInfo(SWEDEN)}  # see keep_weeks_in


def monday_of(week: str) -> date:
    return date.fromisocalendar(int(week[:4]), int(week[6:]), 1)


def label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift(week: str, weeks: int) -> str:
    return label(monday_of(week) + timedelta(weeks=weeks))


def through(first: str, last: str) -> list[str]:
    """The weeks from ``first`` to ``last``, both included (none when ``last`` comes first)."""
    count = (monday_of(last) - monday_of(first)).days // 7 + 1
    return [shift(first, n) for n in range(max(0, count))]


def preceding(week: str, count: int) -> list[str]:
    """The ``count`` weeks before ``week``, oldest first."""
    return [shift(week, -n) for n in range(count, 0, -1)]


def keep_weeks_in(zone: str) -> None:
    """Where weeks begin and end: the settings' timezone, in which incidents' local dates are counted
    too (set when settings are loaded). Without it, in Europe/Stockholm."""
    _WHERE["zone"] = ZoneInfo(zone)


def today(now: datetime | None = None) -> date:
    """The date where the platform's weeks run: its Monday begins at midnight there, an hour or two
    before it does in UTC, and a week ended then can be reported."""
    return (now or datetime.now(UTC)).astimezone(_WHERE["zone"]).date()


def this_week(now: datetime | None = None) -> str:
    return label(today(now))


def last_week(now: datetime | None = None) -> str:
    """The week partners report on: the one before this one."""
    return shift(this_week(now), -1)


def reported_through(day: date) -> date:
    """The last day partners have reported on: the Sunday that ended last week. Partners report a week
    once it has ended, so the days of the running week are not yet known; a period still running is
    read up to this day, or its last days would read as a fall."""
    return day - timedelta(days=day.weekday() + 1)


def not_ended(week: str, now: datetime | None = None) -> str | None:
    """Why a report cannot cover ``week``, or None: a week still running (or to come) is counted as far
    as it has come, and would read as a fall that no one saw."""
    latest = last_week(now)
    return f"{week} has not ended: the latest week a report covers is {latest}" if week > latest else None
