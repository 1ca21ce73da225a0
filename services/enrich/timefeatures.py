"""When, in the terms people use, for a batch of incidents at once.

Local date, ISO week, weekday, hour and part of day of the instant, or of a window's midpoint; month,
quarter and season; how long a window is, and whether it spans more than a day (then its hour says
little and no hour-of-day chart should count it); the Swedish public holiday or eve of the local date.
Local time is the tenant's zone (Europe/Stockholm), converted on arrays rather than one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

import numpy as np
from holidays.countries.sweden import Sweden
from numpy.typing import NDArray

from embrace.contracts.enriched import PartOfDay, Season

# Swedish custom: natt 00-06, morgon/förmiddag 06-12, eftermiddag 12-18, kväll 18-24.
_PARTS: tuple[PartOfDay, ...] = ("night", "morning", "afternoon", "evening")
_SEASONS: tuple[Season, ...] = (
    ("winter",) * 2 + ("spring",) * 3 + ("summer",) * 3 + ("autumn",) * 3 + ("winter",)
)
LONG_WINDOW_HOURS = 24.0
_EPOCH = date(1970, 1, 1).toordinal()
_LABEL_RANGE = 100_000
Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@dataclass(frozen=True)
class TimeColumns:
    """One entry per incident, in input order."""

    moment: Floats  # unix seconds of the instant or the window's midpoint
    day: Ints  # the local date, as days since 1970-01-01
    iso_week: NDArray[np.object_]
    weekday: Ints
    hour: Ints
    month: Ints
    quarter: NDArray[np.object_]
    window_hours: Floats
    holiday: NDArray[np.object_]

    def fields(self, n: int) -> dict[str, object]:
        """The n-th incident's time fields, as fields of an enriched incident."""
        hour, month, window = int(self.hour[n]), int(self.month[n]), float(self.window_hours[n])
        return {
            "local_date": date.fromordinal(_EPOCH + int(self.day[n])), "iso_week": self.iso_week[n],
            "weekday": int(self.weekday[n]), "hour": hour, "part_of_day": _PARTS[hour // 6],
            "month": month, "quarter": self.quarter[n], "season": _SEASONS[month - 1],
            "window_hours": window, "long_window": window > LONG_WINDOW_HOURS, "holiday": self.holiday[n],
        }  # fmt: skip


def unix(times: Sequence[datetime]) -> Floats:
    return np.fromiter((t.timestamp() for t in times), dtype=np.float64, count=len(times))


def time_columns(start: Floats, end: Floats, zone: ZoneInfo) -> TimeColumns:
    """Time facts of instants and windows given in unix seconds, by calendar arithmetic on arrays."""
    moment = start + (end - start) / 2
    local = moment + _offsets(moment, zone)
    day = np.floor(local / 86400).astype(np.int64)
    hour = ((local - day * 86400) // 3600).astype(np.int64)
    months = day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)  # since 1970-01
    year, month = months // 12 + 1970, months % 12 + 1
    weekday = (day + 3) % 7 + 1  # 1970-01-01 was a Thursday; ISO counts Monday as 1
    thursday = day - weekday + 4  # an ISO week belongs to the year of its Thursday
    iso_year = thursday.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    new_year = (iso_year - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    week = (thursday - new_year) // 7 + 1
    return TimeColumns(
        moment=moment,
        day=day,
        iso_week=_labels(iso_year * 100 + week, lambda w: f"{w // 100}-W{w % 100:02d}"),
        weekday=weekday,
        hour=hour,
        month=month,
        quarter=_labels(year * 10 + (month - 1) // 3 + 1, lambda q: f"{q // 10}-Q{q % 10}"),
        window_hours=np.round((end - start) / 3600.0, 3),
        holiday=_holidays(day),
    )


def _labels(codes: Ints, label: Callable[[int], str | None]) -> NDArray[np.object_]:
    """Labels of many codes, each made once: a batch spans a few weeks or years, not millions of codes."""
    if not len(codes):
        return np.empty(0, dtype=object)
    low, high = int(codes.min()), int(codes.max())
    if high - low > _LABEL_RANGE:
        distinct, where = np.unique(codes, return_inverse=True)
        return np.array([label(int(c)) for c in distinct], dtype=object)[where]
    return np.array([label(c) for c in range(low, high + 1)], dtype=object)[codes - low]


def _holidays(day: Ints) -> NDArray[np.object_]:
    if not len(day):
        return np.empty(0, dtype=object)
    first, last = date.fromordinal(_EPOCH + int(day.min())), date.fromordinal(_EPOCH + int(day.max()))
    names = holidays_of(frozenset(range(first.year, last.year + 1)))
    return _labels(day, lambda d: names.get(date.fromordinal(_EPOCH + d)))


def _offsets(moment: Floats, zone: ZoneInfo) -> Floats:
    """The zone's UTC offset at each moment, in seconds, from its changes in the years concerned."""
    if not len(moment):
        return np.zeros(0)
    first = datetime.fromtimestamp(float(moment.min()), UTC).year - 1
    last = datetime.fromtimestamp(float(moment.max()), UTC).year + 1
    at, offset = zip(*(c for year in range(first, last + 1) for c in _changes(zone, year)), strict=True)
    found: Floats = np.asarray(offset, dtype=np.float64)[np.searchsorted(at, moment, side="right") - 1]
    return found


@cache
def _changes(zone: ZoneInfo, year: int) -> tuple[tuple[float, float], ...]:
    """(unix second, offset from then on) at the start of the year and wherever the offset changes.

    Scanned every quarter of an hour, the finest step any zone's offset has changed by since 1970."""
    start = datetime(year, 1, 1, tzinfo=UTC).timestamp()
    end = datetime(year + 1, 1, 1, tzinfo=UTC).timestamp()
    changes, previous = [], None
    for second in np.arange(start, end, 900.0).tolist():
        offset = datetime.fromtimestamp(second, zone).utcoffset()
        now = offset.total_seconds() if offset is not None else 0.0
        if now != previous:
            changes.append((second, now))
            previous = now
    return tuple(changes)


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
