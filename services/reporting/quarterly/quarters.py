"""Quarters as the quarterly analysis uses them: '2026-Q1', its days, and the quarters before it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from embrace.weeks import reported_through, today

# Years the warehouse's dates hold (1970-2099), as for every date of the platform.
PATTERN = r"^(19[7-9]\d|20\d\d)-Q([1-4])$"
QUARTER = re.compile(PATTERN)
SHORTEST = 28  # days an earlier quarter must have been reported through to count as history


def parse(quarter: str) -> tuple[int, int]:
    match = QUARTER.match(quarter)
    if not match:
        raise ValueError(f"{quarter!r} is not a quarter like 2026-Q1, of the years 1970 to 2099")
    return int(match[1]), int(match[2])


def days(quarter: str) -> tuple[date, date]:
    """The first and last day of the quarter."""
    return _span(*parse(quarter))


def _span(year: int, number: int) -> tuple[date, date]:
    first = date(year, 3 * number - 2, 1)
    after = date(year + (number == 4), 1 if number == 4 else 3 * number + 1, 1)
    return first, after - timedelta(days=1)


def covered(quarter: str, start: date | None, through: date) -> int:
    """Days of the quarter on which the tenant was reporting: from its first incident (``start``) to the
    last reported day (``through``)."""
    # An earlier quarter may lie before the years a quarter is asked for (1969-Q4 before 1970-Q1).
    first, last = _span(int(quarter[:4]), int(quarter[-1]))
    return 0 if start is None else max(0, (min(last, through) - max(first, start)).days + 1)


def shift(quarter: str, by: int) -> str:
    year, number = parse(quarter)
    index = year * 4 + number - 1 + by
    return f"{index // 4}-Q{index % 4 + 1}"


def before(quarter: str, count: int) -> list[str]:
    """The ``count`` quarters before, oldest first."""
    return [shift(quarter, -n) for n in range(count, 0, -1)]


def not_begun(quarter: str, today: date) -> str | None:
    """Why ``quarter`` cannot be analysed, or None: one to come, or one none of whose weeks has ended,
    has nothing reported to analyse (a running one is analysed through its last ended week)."""
    latest = reported_through(today)
    if days(quarter)[0] > latest:
        return f"{quarter} has not begun, or none of its weeks has ended: the last reported day is {latest}"
    return None


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def last_quarter(now: datetime) -> str:
    """The quarter that ended most recently."""
    return shift(quarter_of(today(now)), -1)


@dataclass(frozen=True)
class Exposure:
    """The days of this quarter and of the earlier ones (those of at least :data:`SHORTEST` days) on which
    the tenant was reporting."""

    now: int
    before: dict[str, int]

    @classmethod
    def of(cls, quarter: str, earlier: list[str], start: date | None, through: date) -> Exposure:
        days_before = {q: covered(q, start, through) for q in earlier}
        return cls(covered(quarter, start, through), {q: d for q, d in days_before.items() if d >= SHORTEST})

    def expected(self, counts: dict[str, int]) -> float:
        days_before = sum(self.before.values())
        return sum(counts.get(q, 0) for q in self.before) * self.now / days_before if days_before else 0.0

    def shown(self, counts: dict[str, int]) -> float | None:
        """The expected count as a report shows it: none without a quarter to expect it from."""
        return round(self.expected(counts), 1) if self.before else None

    def a_year_ago(self, counts: dict[str, int], quarter: str) -> int | None:
        """The count of ``quarter`` a year before, if the tenant was reporting then: else a 0 would
        say that nothing happened."""
        return counts.get(quarter, 0) if quarter in self.before else None

    def scaled(self, counts: dict[str, int]) -> list[int]:
        """Each earlier quarter's count at this quarter's length."""
        return [round(counts.get(q, 0) * self.now / d) for q, d in self.before.items()]
