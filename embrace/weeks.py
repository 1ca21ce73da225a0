"""ISO week arithmetic: the unit of EMBRACE's weekly rhythm."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def monday_of(week: str) -> date:
    return date.fromisocalendar(int(week[:4]), int(week[6:]), 1)


def label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift(week: str, weeks: int) -> str:
    return label(monday_of(week) + timedelta(weeks=weeks))


def preceding(week: str, count: int) -> list[str]:
    """The ``count`` weeks before ``week``, oldest first."""
    return [shift(week, -n) for n in range(count, 0, -1)]


def last_week(now: datetime | None = None) -> str:
    """The week partners report on: the one before this (UTC) one."""
    return label(((now or datetime.now(UTC)) - timedelta(days=7)).date())
