"""The two times of a police notice: its publication (``datetime``) and its own, read from ``name``
with a Swedish month and no year (see :mod:`services.ingest.imports.police_notices`)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from embrace.localtime import localize

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
_PUBLISHED = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}):(\d{2}) ?([+-])(\d{2}):?(\d{2})$")
_NAME_TIME = re.compile(r"^\s*(\d{1,2})\s+([a-zåäö]+)\s+(\d{1,2})[.:](\d{2})\b", re.IGNORECASE)


def published_at(text: str) -> datetime | None:
    """``2025-06-07 7:32:06 +02:00``: the hour may come without its leading zero."""
    match = _PUBLISHED.match(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    offset = timedelta(hours=int(off_h), minutes=int(off_m)) * (-1 if sign == "-" else 1)
    try:
        return datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=timezone(offset)
        )
    except ValueError:
        return None


def event_time(name: str, published: datetime, zone: ZoneInfo) -> datetime | None:
    """The notice's own time from ``name`` ("7 juni 07.15, ..."), in the year that puts it before
    publication: a notice of "31 december" published on 2 January is from the year before."""
    match = _NAME_TIME.match(name)
    if match is None:
        return None
    day, month_name, hour, minute = match.groups()
    month = MONTHS.get(month_name.lower())
    if month is None:
        return None
    local_published = published.astimezone(zone)
    for year in (local_published.year, local_published.year - 1):
        try:
            moment = localize(datetime(year, month, int(day), int(hour), int(minute)), zone)
        except ValueError:  # 29 February of a year without one, or 24.00
            continue
        if moment <= local_published + timedelta(days=2):
            return moment
    return None
