"""The scenarios the effect tests measure: a target area with an intervention per category, five
comparison areas whose weeks before move alike or not, a ring around the target, and a year earlier
imported as history; each incident placed on exact days so every count is known."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from embrace.sqlstore.credentials import principal_of
from embrace.sqlstore.registry import find_organisation
from embrace.taxonomy import Taxonomy
from embrace.validation import BoundingBox
from embrace.weeks import reported_through, today
from services.ingest.imports.history import Checks, import_history
from services.ingest.imports.history_mapping import load_mapping
from tests.support.payloads import SQUARE, area, plan
from tests.support.system import System, auth

# During: 29 days to the last reported day (last week's Sunday); before: the 29 days before.
START = reported_through(today()) - timedelta(days=28)
TARGET, RING = (59.305, 18.005), (59.305, 18.0125)  # the ring point is 140 m east of the square
OTHERS = [f"omrade-{n}" for n in range(5)]


def square(n: int) -> list[list[float]]:
    west, south = 18.05 + 0.02 * n, 59.35
    return [[west, south], [west + 0.01, south], [west + 0.01, south + 0.01], [west, south + 0.01],
            [west, south]]  # fmt: skip


def centre(n: int) -> tuple[float, float]:
    return 59.355, 18.055 + 0.02 * n


@dataclass(frozen=True)
class Scenario:
    """Counts before → during in the target, its ring and each of the five other areas, of one category;
    every week before the start as many as a week of "before" (no trend)."""

    category: str
    target: tuple[int, int]
    ring: tuple[int, int]
    others: tuple[int, int]
    verdict: str
    rising_before: bool = False  # the other areas' weeks before rise steadily instead


SCENARIOS = [
    Scenario("littering", (25, 40), (15, 24), (50, 80), "no sign of effect"),  # the season rose 60 %
    Scenario("graffiti", (40, 24), (20, 12), (80, 48), "no sign of effect"),  # the season fell 40 %
    Scenario("vandalism", (40, 12), (20, 20), (80, 80), "seems effective"),  # the target fell 70 %
    Scenario("theft", (12, 36), (20, 20), (24, 24), "seems harmful"),  # the target tripled
    Scenario("burglary", (40, 40), (20, 32), (80, 128), "seems effective"),  # held while the season rose
    Scenario("robbery", (40, 40), (0, 0), (80, 80), "no fair comparison", rising_before=True),
]


def spread(total: int, days: list[date]) -> list[date]:
    """``total`` incidents over ``days`` as evenly as they go."""
    return [days[n % len(days)] for n in range(total)]


def weekly_days(first_offset: int, weeks: range) -> list[date]:
    return [START + timedelta(days=first_offset + 7 * k) for k in weeks]


def days_of(counts: tuple[int, int], rising: bool = False) -> list[date]:
    """The before-period's four days (3, 10, 17, 24 days before the start), eight earlier weeks at the
    same weekly level (or rising to it), and the during-period's four days."""
    before, during = counts
    earlier = [spread(round(before / 4) if not rising else k, [d]) for k, d in
               zip(range(8), weekly_days(-3, range(-11, -3)), strict=True)]  # fmt: skip
    return (spread(before, weekly_days(-3, range(-3, 1))) + [d for week in earlier for d in week]
            + spread(during, weekly_days(3, range(4))))  # fmt: skip


def incidents(category: str, where: tuple[float, float], days: list[date]) -> list[dict[str, Any]]:
    lat, lon = where
    return [{"category": category, "location": {"point": {"lat": lat, "lon": lon}},
             "time": {"kind": "instant", "at": f"{day.isoformat()}T12:{n % 60:02d}:00+00:00"}}
            for n, day in enumerate(days)]  # fmt: skip


YEAR_EARLIER = {"target": (20, 32), "others": (40, 64)}  # littering a year before: the same seasonal rise
MAPPING = """
[columns]
id = "Id"
date = "Datum"
category = "Typ"
lat = "Lat"
lon = "Lon"

[format]
delimiter = ";"

[categories]
"Nedskräpning" = "littering"
"""


def imported_year_earlier(system: System, folder: Path) -> None:
    """Last year's littering, back-filled as a municipality imports its history (no age limit)."""
    year = timedelta(days=364)
    rows: list[str] = []
    for where, counts in [(TARGET, YEAR_EARLIER["target"])] + [(centre(n), YEAR_EARLIER["others"])
                                                              for n in range(len(OTHERS))]:  # fmt: skip
        before, during = counts
        days = spread(before, weekly_days(-3, range(-3, 1))) + spread(during, weekly_days(3, range(4)))
        rows += [f"{len(rows) + n};{(day - year).isoformat()};Nedskräpning;{where[0]};{where[1]}"
                 for n, day in enumerate(days)]  # fmt: skip
    # The data reaches back to the year-earlier "before", with a week to spare: the API's today is
    # the day it answers, which is a day after this module's START was taken when midnight falls in between.
    first = START - timedelta(days=29 + 7) - year
    rows.append(f"{len(rows)};{first.isoformat()};Nedskräpning;59.5;18.5")  # far from every area
    (folder / "historik.csv").write_text("\n".join(["Id;Datum;Typ;Lat;Lon", *rows]) + "\n", encoding="utf-8")
    (folder / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    taxonomy = Taxonomy.load()
    with system.sql_store.session() as session:
        organisation = find_organisation(session, "0180", "kommunen")
        assert organisation is not None
        principal = principal_of(organisation, "reporter", "import")
    mapping = load_mapping(folder / "mapping.toml", taxonomy)
    checks = Checks(taxonomy, BoundingBox(), ZoneInfo("Europe/Stockholm"))
    summary = import_history(system.sql_store, folder / "historik.csv", mapping, principal, checks)
    assert summary.counts["new"] == len(rows), summary


def seeded(system: System, folder: Path | None = None) -> tuple[str, dict[str, str]]:
    admin = system.add_partner("0180", "kommunen", role="admin")
    shapes = {"type": "FeatureCollection", "features": [area("torget", SQUARE)] +
              [area(name, square(n)) for n, name in enumerate(OTHERS)]}  # fmt: skip
    assert system.client.post("/v1/areas", json=shapes, headers=auth(admin)).status_code == 200
    reported: list[dict[str, Any]] = []
    for s in SCENARIOS:
        reported += incidents(s.category, TARGET, days_of(s.target))
        reported += incidents(s.category, RING, days_of(s.ring))
        for n in range(len(OTHERS)):
            reported += incidents(s.category, centre(n), days_of(s.others, s.rising_before))
    reports = [{"incidents": reported[i : i + 200]} for i in range(0, len(reported), 200)]
    answer = system.client.post("/v1/reports/batch", json={"reports": reports}, headers=auth(admin))
    assert answer.status_code == 202, answer.text
    interventions = {}
    for s in SCENARIOS:
        body = plan(place={"area_id": "torget"}, start=START.isoformat(), targeted_categories=[s.category])
        created = system.client.post("/v1/interventions", json=body, headers=auth(admin))
        assert created.status_code == 201, created.text
        interventions[s.category] = created.json()["id"]
    if folder is not None:
        imported_year_earlier(system, folder)
    system.relay.drain()
    return admin, interventions
