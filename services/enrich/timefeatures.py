"""When, in the terms people use, for a batch of incidents at once.

Local date, ISO week, weekday, hour and part of day of the instant, or of a window's midpoint; month,
quarter and season; how long a window is, and whether it spans more than a day (then its hour says
little and no hour-of-day chart should count it); the Swedish public holiday or eve of the local date.
Local time is the tenant's zone (Europe/Stockholm), converted on arrays rather than one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from holidays.countries.sweden import Sweden
from numpy.typing import NDArray

from embrace.contracts.enriched import PartOfDay, Season

# Swedish custom: natt 00-06, morgon/förmiddag 06-12, eftermiddag 12-18, kväll 18-24.
_PARTS: tuple[PartOfDay, ...] = ("night", "morning", "afternoon", "evening")
_SEASONS: tuple[Season, ...] = (
    ("winter",) * 2 + ("spring",) * 3 + ("summer",) * 3 + ("autumn",) * 3 + ("winter",)
)
LONG_WINDOW_HOURS = 24.0


@dataclass(frozen=True)
class TimeColumns:
    """One entry per incident, in input order."""

    moment: NDArray[np.float64]  # unix seconds of the instant or the window's midpoint
    local_date: list[date]
    iso_week: list[str]
    weekday: list[int]
    hour: list[int]
    part_of_day: list[PartOfDay]
    month: list[int]
    quarter: list[str]
    season: list[Season]
    window_hours: list[float]
    long_window: list[bool]
    holiday: list[str | None]

    def fields(self, n: int) -> dict[str, object]:
        """The n-th incident's time fields, as fields of an enriched incident."""
        return {
            "local_date": self.local_date[n], "iso_week": self.iso_week[n], "weekday": self.weekday[n],
            "hour": self.hour[n], "part_of_day": self.part_of_day[n], "month": self.month[n],
            "quarter": self.quarter[n], "season": self.season[n], "window_hours": self.window_hours[n],
            "long_window": self.long_window[n], "holiday": self.holiday[n],
        }  # fmt: skip


def time_columns(starts: Sequence[datetime], ends: Sequence[datetime], zone: ZoneInfo) -> TimeColumns:
    start = np.array([s.timestamp() for s in starts], dtype=np.float64)
    end = np.array([e.timestamp() for e in ends], dtype=np.float64)
    moment = start + (end - start) / 2
    local = pd.DatetimeIndex(pd.to_datetime(np.round(moment * 1e3).astype("int64"), unit="ms", utc=True))
    local = local.tz_convert(zone)
    iso = local.isocalendar()
    months, years, hours = local.month.to_numpy(), local.year.to_numpy(), local.hour.to_numpy()
    days = local.normalize().tz_localize(None).to_numpy().astype("datetime64[D]").astype(object).tolist()
    window = np.round((end - start) / 3600.0, 3)
    names = holidays_of(frozenset(int(y) for y in np.unique(years)))
    weeks = iso["year"].to_numpy(dtype=np.int64) * 100 + iso["week"].to_numpy(dtype=np.int64)
    quarters = years * 10 + (months - 1) // 3 + 1
    return TimeColumns(
        moment=moment,
        local_date=days,
        iso_week=_labels(weeks, lambda w: f"{w // 100}-W{w % 100:02d}"),
        weekday=iso["day"].to_numpy(dtype=np.int64).tolist(),
        hour=hours.tolist(),
        part_of_day=np.array(_PARTS, dtype=object)[hours // 6].tolist(),
        month=months.tolist(),
        quarter=_labels(quarters, lambda q: f"{q // 10}-Q{q % 10}"),
        season=np.array(_SEASONS, dtype=object)[months - 1].tolist(),
        window_hours=window.tolist(),
        long_window=(window > LONG_WINDOW_HOURS).tolist(),
        holiday=[names.get(d) for d in days] if names else [None] * len(days),
    )


def _labels(codes: NDArray[np.int64], label: Callable[[int], str]) -> list[str]:
    """Labels of many codes made once per distinct code (a batch spans a few weeks, not thousands)."""
    distinct, where = np.unique(codes, return_inverse=True)
    labels: list[str] = np.array([label(int(c)) for c in distinct], dtype=object)[where].tolist()
    return labels


@cache
def holidays_of(years: frozenset[int]) -> dict[date, str]:
    """Public holidays and the eves Swedes keep as such (midsommarafton, julafton, nyårsafton).

    Every option is given explicitly: the package's defaults have changed between releases (whether
    Sundays count, which categories are in)."""
    found = Sweden(
        years=sorted(years),
        language="sv",
        include_sundays=False,
        categories=("public", "de_facto"),
        observed=False,
    )
    return {day: str(name) for day, name in found.items()}
