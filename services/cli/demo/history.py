"""The demo municipality's invented town and its weeks of incidents.

Most weeks are quiet and spread over four areas. One story is planted so that the analyses have
something to find: over the last five weeks a gathering place grows on the square by the station,
reported by the security firm on its rounds (groups, litter, people drunk). It is invented, like
everything here, and found by the same tests as real data would be.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from embrace.contracts import Incident, Instant, Location, Window
from embrace.contracts.fields import GeoPoint
from services.ingest.areas import AreaFeature, AreaProperties

ZONE = ZoneInfo("Europe/Stockholm")
WEEKS = 53  # a year and a week: last week beside the same week a year before, and whole quarters
AREAS = {  # area id: centre (an invented town on the map near Örebro)
    "centrum": (59.2741, 15.2066),
    "stationsomradet": (59.2790, 15.2120),
    "parkstaden": (59.2660, 15.1950),
    "hamnen": (59.2700, 15.2300),
}
CATEGORIES = {  # category: relative frequency
    "littering": 8, "graffiti": 6, "vandalism": 6, "disturbing_groups": 5, "dark_place": 3,
    "intoxicated_persons": 3, "reckless_driving": 2, "small_fire": 2, "theft": 3, "burglary": 1,
    "vehicle_crime": 2, "threatening_behaviour": 2, "suspected_drug_dealing": 1,
}  # fmt: skip
STATION_SQUARE = (59.2794, 15.2112)
GATHERING = ("disturbing_groups", "littering", "intoxicated_persons")
GROWING = 5  # weeks the gathering has grown, ending last week
GATHERING_REPORTER = "security"


def town() -> dict[str, object]:
    """The demo municipality's invented boundary: a box 6 km beyond its areas, as a small municipality
    is mostly fields and forest. On a map of the town alone no cluster could be told from chance."""
    lats, lons = [lat for lat, _ in AREAS.values()], [lon for _, lon in AREAS.values()]
    south, north, west, east = min(lats) - 0.054, max(lats) + 0.054, min(lons) - 0.105, max(lons) + 0.105
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                [west, south]]]}  # fmt: skip


def areas() -> Iterator[AreaFeature]:
    for area_id, (lat, lon) in AREAS.items():
        # A square of about 700 x 600 m around the centre: invented, like everything here.
        south, north, west, east = lat - 0.003, lat + 0.003, lon - 0.006, lon + 0.006
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        yield AreaFeature(
            type="Feature",
            properties=AreaProperties(id=area_id, name=area_id.replace("omradet", "området").capitalize()),
            geometry={"type": "Polygon", "coordinates": [ring]},
        )


def past_weeks(now: datetime) -> Iterator[tuple[int, datetime]]:
    """The demo's weeks, oldest first: how many weeks back, and the Monday it began."""
    local = now.astimezone(ZONE)
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), datetime.min.time(), ZONE)
    for weeks_back in range(WEEKS, 0, -1):
        yield weeks_back, monday - timedelta(weeks=weeks_back)


def incidents(partner: str, week_start: datetime, weeks_back: int) -> Iterator[Incident]:
    """A quiet week's incidents of one partner, anywhere in the four areas."""
    rng = random.Random(f"demo {partner} {weeks_back}")  # each week its own draws, however many are seeded
    categories, weights = zip(*CATEGORIES.items(), strict=True)
    for _ in range(rng.randint(2, 8)):
        area = rng.choice(list(AREAS))
        category = rng.choices(categories, weights)[0]
        lat, lon = AREAS[area]
        yield _incident(
            rng,
            week_start,
            category,
            (lat + rng.uniform(-0.003, 0.003), lon + rng.uniform(-0.005, 0.005)),
            area,
        )


def gathering(week_start: datetime, weeks_back: int) -> Iterator[Incident]:
    """The planted story: the station square's incidents, two more each week of the last five."""
    rng = random.Random(f"demo gathering {weeks_back}")  # its own draws: the quiet weeks stay as they are
    lat, lon = STATION_SQUARE
    for _ in range(3 * (GROWING + 1 - weeks_back) if weeks_back <= GROWING else 0):
        at = (lat + rng.uniform(-0.003, 0.003), lon + rng.uniform(-0.006, 0.006))
        yield _incident(rng, week_start, rng.choice(GATHERING), at, "stationsomradet")


def _incident(rng: random.Random, week_start: datetime, category: str, at: tuple[float, float],
              area: str) -> Incident:  # fmt: skip
    start = week_start + timedelta(minutes=rng.randrange(7 * 24 * 60 - 60))
    # Windows end within the week, so nothing lies in the future however early today is.
    end = min(start + timedelta(hours=rng.choice((2, 4, 8))), week_start + timedelta(days=7))
    return Incident(
        category=category,
        description="Syntetisk händelse (demo)",
        time=Instant(at=start) if rng.random() < 0.6 else Window(start=start, end=end),
        location=Location(point=GeoPoint(lat=at[0], lon=at[1]), area_id=area),
        police_reported=rng.random() < 0.2,
    )
