"""Last week against earlier weeks, judged the way the spike alerts are: by the Poisson z-score
``2(√current − √baseline)``, never by a bare percentage, which misleads at small counts.

|z| ≥ 3 is notable, |z| ≥ 2 worth watching; the larger of the two comparisons (the 4 and the 12 weeks
before) decides.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from embrace.weeks import preceding

Flag = Literal["notable", "watch", ""]
Weekly = Mapping[str, int]  # ISO week -> count


@dataclass(frozen=True)
class Weeks:
    """The weeks a report compares: last week, the 4 and the 12 before it, the same week a year earlier."""

    week: str
    four: list[str]
    twelve: list[str]
    year_before: str

    @classmethod
    def of(cls, week: str) -> Weeks:
        year, number = int(week[:4]), int(week[6:])
        earlier = f"{year - 1}-W{number:02d}"
        if number == 53 and not _has_week_53(year - 1):
            earlier = f"{year - 1}-W52"
        return cls(week, preceding(week, 4), preceding(week, 12), earlier)

    @property
    def every(self) -> list[str]:
        return [self.year_before, *self.twelve, self.week]


@dataclass(frozen=True)
class Compared:
    key: str
    last_week: int
    mean_4: float
    mean_12: float
    same_week_last_year: int
    z_4: float
    z_12: float
    z_year: float
    flag: Flag


def z_score(current: float, baseline: float) -> float:
    return round(2 * (math.sqrt(current) - math.sqrt(baseline)), 2)


def compared(key: str, counts: Weekly, weeks: Weeks) -> Compared:
    now = counts.get(weeks.week, 0)
    mean_4 = sum(counts.get(w, 0) for w in weeks.four) / 4
    mean_12 = sum(counts.get(w, 0) for w in weeks.twelve) / 12
    year = counts.get(weeks.year_before, 0)
    z_4, z_12 = z_score(now, mean_4), z_score(now, mean_12)
    strongest = max(abs(z_4), abs(z_12))
    flag: Flag = "notable" if strongest >= 3 else "watch" if strongest >= 2 else ""
    return Compared(key, now, round(mean_4, 2), round(mean_12, 2), year, z_4, z_12, z_score(now, year), flag)


def table(counts: Mapping[str, Weekly], weeks: Weeks) -> list[Compared]:
    """Every key's comparison, the largest last week first (then the strongest change)."""
    rows = [compared(key, by_week, weeks) for key, by_week in counts.items()]
    return sorted(rows, key=lambda r: (-r.last_week, -abs(r.z_12), r.key))


def _has_week_53(year: int) -> bool:
    return date(year, 12, 28).isocalendar()[1] == 53


def totals(counts: Mapping[str, Weekly]) -> Weekly:
    summed: dict[str, int] = {}
    for by_week in counts.values():
        for week, n in by_week.items():
            summed[week] = summed.get(week, 0) + n
    return summed
