"""Request bodies of the HTTP API, placed in a recent week so the 400-day limit never ages them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from services.reporting.delivery.kinds import due_week

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class Week:
    monday: datetime  # 00:00 local time

    @property
    def label(self) -> str:
        year, week, _ = self.monday.isocalendar()
        return f"{year}-W{week:02d}"

    def at(self, day: int, hour: int, minute: int = 0) -> str:
        """RFC 3339 local time of a day of the week (0 = Monday)."""
        return (self.monday + timedelta(days=day, hours=hour, minutes=minute)).isoformat()

    def three_incidents(self) -> dict[str, Any]:
        return {
            "incidents": [
                {
                    "category": "littering",
                    "time": {"kind": "instant", "at": self.at(1, 22, 15)},
                    "location": {"address": "Storgatan 1"},
                },
                {
                    "category": "graffiti",
                    "description": "Klotter på skolans vägg",
                    "time": {"kind": "window", "start": self.at(2, 20), "end": self.at(3, 6)},
                    "location": {"area_id": "centrum"},
                },
                {
                    "category": "disturbing_groups",
                    "time": {"kind": "instant", "at": self.at(4, 23, 40)},
                    "location": {"point": {"lat": 59.33, "lon": 18.06}},
                    "police_reported": True,
                },
            ]
        }

    def incident(self, category: str = "littering", day: int = 1, **extra: Any) -> dict[str, Any]:
        return {
            "category": category,
            "time": {"kind": "instant", "at": self.at(day, 12)},
            "location": {"address": "Storgatan 1"},
            **extra,
        }


def weeks_ago(weeks: int = 2, now: datetime | None = None) -> Week:
    local = (now or datetime.now(UTC)).astimezone(STOCKHOLM)
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), datetime.min.time(), STOCKHOLM)
    return Week(monday - timedelta(weeks=weeks))


SQUARE = [[18.0, 59.3], [18.01, 59.3], [18.01, 59.31], [18.0, 59.31], [18.0, 59.3]]


def steady_now(span: timedelta) -> datetime:
    """Now, or an hour before when the next week falls due within ``span`` (a Monday morning in Sweden):
    the runs a test makes from it up to ``span`` later all have the same due week."""
    now = datetime.now(UTC)
    return now if due_week(now + span, STOCKHOLM) == due_week(now, STOCKHOLM) else now - timedelta(hours=1)


def area(area_id: str, ring: list[list[float]] = SQUARE, **properties: Any) -> dict[str, Any]:
    """An area as a GeoJSON feature of `POST /v1/areas`."""
    return {
        "type": "Feature",
        "properties": {"id": area_id, "name": area_id.title(), **properties},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def plan(**fields: Any) -> dict[str, Any]:
    """An intervention of `POST /v1/interventions`, starting in three days."""
    start = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    return {
        "title": "Trygghetsvandring i centrum",
        "kind": "safety_walk",
        "place": {"area_id": "centrum"},
        "start": start,
        "targeted_categories": ["dark_place", "disturbing_groups"],
        **fields,
    }
