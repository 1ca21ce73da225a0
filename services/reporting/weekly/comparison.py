"""Last week against earlier weeks: every row of a report judged against its own 12 weeks before, with
their dispersion, and flagged with false discoveries controlled across the whole report
(:mod:`embrace.statistics.flags`). Never a bare percentage, which misleads at small counts. The mean of the
4 weeks before and the same week a year earlier are shown beside it, for context. Weeks before the
tenant's first incident are not compared with: they are not quiet weeks but weeks it was not reporting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from embrace.statistics.flags import Flag, Judged, flags, judge
from embrace.weeks import preceding

Weekly = Mapping[str, int]  # ISO week -> count


@dataclass(frozen=True)
class Weeks:
    """The weeks a report compares: last week, the 4 and the 12 before it, the same week a year earlier."""

    week: str
    four: list[str]
    twelve: list[str]
    year_before: str | None  # None where the tenant was not reporting then

    @classmethod
    def of(cls, week: str, begun: str = "") -> Weeks:
        """The weeks for ``week``, none before ``begun``, the week of the tenant's first incident."""
        year, number = int(week[:4]), int(week[6:])
        earlier = f"{year - 1}-W{number:02d}"
        if number == 53 and not _has_week_53(year - 1):
            earlier = f"{year - 1}-W52"
        four, twelve = ([w for w in preceding(week, n) if w >= begun] for n in (4, 12))
        return cls(week, four, twelve, earlier if earlier >= begun else None)

    @property
    def every(self) -> list[str]:
        return [*([self.year_before] if self.year_before else []), *self.twelve, self.week]


@dataclass(frozen=True)
class Compared:
    key: str
    last_week: int
    mean_4: float | None  # None (as the next four) with no week before to compare with
    mean_12: float | None
    same_week_last_year: int | None
    usual: tuple[int, int] | None  # where last week's count falls in 95 % of ordinary weeks, by the 12 before
    dispersion: float | None  # of the 12 weeks before
    z: float
    p: float  # 1 where the row is too small to judge
    flag: Flag = ""


def compared(key: str, counts: Weekly, weeks: Weeks) -> Compared:
    """One row, not yet flagged: flags are given across a whole report (:func:`flagged`)."""
    now = counts.get(weeks.week, 0)
    last_year = counts.get(weeks.year_before, 0) if weeks.year_before else None
    if not weeks.twelve:  # the tenant's first week: nothing to compare with
        return Compared(key, now, None, None, last_year, None, None, 0.0, 1.0)
    judged = judge(now, [counts.get(w, 0) for w in weeks.twelve])
    mean_4 = sum(counts.get(w, 0) for w in weeks.four) / len(weeks.four)
    return Compared(key, now, round(mean_4, 2), round(judged.mean, 2), last_year, judged.usual,
                    round(judged.dispersion, 2), round(judged.z, 2), judged.p)  # fmt: skip


def table(counts: Mapping[str, Weekly], weeks: Weeks) -> list[Compared]:
    """Every key's comparison, the largest last week first (then the strongest change)."""
    rows = [compared(key, by_week, weeks) for key, by_week in counts.items()]
    return sorted(rows, key=lambda r: (-r.last_week, -abs(r.z), r.key))


def flagged(tables: Mapping[str, list[Compared]], *more: Compared) -> tuple[dict[str, list[Compared]],
                                                                          list[Compared]]:  # fmt: skip
    """The report's rows (its tables, and ``more`` such as the total) flagged together."""
    rows = [row for rows in tables.values() for row in rows] + list(more)
    marks = iter(flags([_judged(row) for row in rows]))
    marked = {name: [replace(row, flag=next(marks)) for row in rows] for name, rows in tables.items()}
    return marked, [replace(row, flag=next(marks)) for row in more]


def _judged(row: Compared) -> Judged:
    return Judged(row.last_week, row.mean_12 or 0.0, row.dispersion or 1.0, row.z, row.p, row.usual or (0, 0))


def _has_week_53(year: int) -> bool:
    return date(year, 12, 28).isocalendar()[1] == 53


def totals(counts: Mapping[str, Weekly]) -> Weekly:
    summed: dict[str, int] = {}
    for by_week in counts.values():
        for week, n in by_week.items():
            summed[week] = summed.get(week, 0) + n
    return summed
