"""When, in the terms people use: local date, ISO week, weekday, hour and part of day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from embrace.contracts.enriched import PartOfDay

# Swedish custom: natt 00-06, morgon/förmiddag 06-12, eftermiddag 12-18, kväll 18-24.
_PARTS: tuple[PartOfDay, ...] = ("night", "morning", "afternoon", "evening")


@dataclass(frozen=True)
class TimeFeatures:
    local_date: date
    iso_week: str
    weekday: int
    hour: int
    part_of_day: PartOfDay

    def fields(self) -> dict[str, object]:
        """As the fields of an enriched incident."""
        return {
            "local_date": self.local_date,
            "iso_week": self.iso_week,
            "weekday": self.weekday,
            "hour": self.hour,
            "part_of_day": self.part_of_day,
        }


def time_features(moment: datetime, zone: ZoneInfo) -> TimeFeatures:
    local = moment.astimezone(zone)
    year, week, weekday = local.isocalendar()
    return TimeFeatures(
        local_date=local.date(),
        iso_week=f"{year}-W{week:02d}",
        weekday=weekday,
        hour=local.hour,
        part_of_day=_PARTS[local.hour // 6],
    )
