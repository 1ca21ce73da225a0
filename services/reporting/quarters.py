"""Quarters as the quarterly analysis uses them: '2026-Q1', its days, and the quarters before it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

# Years the warehouse's dates hold (1970-2099), as for every date of the platform.
PATTERN = r"^(19[7-9]\d|20\d\d)-Q([1-4])$"
QUARTER = re.compile(PATTERN)


def parse(quarter: str) -> tuple[int, int]:
    match = QUARTER.match(quarter)
    if not match:
        raise ValueError(f"{quarter!r} is not a quarter like 2026-Q1, of the years 1970 to 2099")
    return int(match[1]), int(match[2])


def days(quarter: str) -> tuple[date, date]:
    """The first and last day of the quarter."""
    year, number = parse(quarter)
    first = date(year, 3 * number - 2, 1)
    after = date(year + (number == 4), 1 if number == 4 else 3 * number + 1, 1)
    return first, after - timedelta(days=1)


def shift(quarter: str, by: int) -> str:
    year, number = parse(quarter)
    index = year * 4 + number - 1 + by
    return f"{index // 4}-Q{index % 4 + 1}"


def before(quarter: str, count: int) -> list[str]:
    """The ``count`` quarters before, oldest first."""
    return [shift(quarter, -n) for n in range(count, 0, -1)]


def last_quarter(now: datetime) -> str:
    """The quarter that ended most recently."""
    current = f"{now.year}-Q{(now.month - 1) // 3 + 1}"
    return shift(current, -1)
