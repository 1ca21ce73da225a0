"""`embrace run --demo`: a clearly labelled synthetic municipality to look around in.

Everything here is invented: tenant 9999 is not a real municipality code (real ones end at 2584). The
data goes in the front door, through the outbox and the pipeline, like any partner's report.
"""

from __future__ import annotations

import random
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from embrace.contracts import Incident, Instant, Intervention, Location, Window
from embrace.contracts.fields import GeoPoint
from embrace.contracts.interventions import InterventionPlace, InterventionStatus
from embrace.sqlstore import SqlStore
from embrace.sqlstore.accounts import add_user, set_password
from embrace.sqlstore.credentials import new_api_key, principal_of
from embrace.sqlstore.interventions import store_intervention
from embrace.sqlstore.registry import add_organisation, add_tenant, find_organisation
from embrace.sqlstore.tables import Boundary, Organisation, Tenant, User
from services.cli.demo_loop import seed_loop
from services.ingest.acceptance import store_report
from services.ingest.areas import AreaFeature, AreaProperties, store_areas
from services.ingest.submissions import ReportSubmission, to_report

DEMO_TENANT = "9999"
DEMO_NAME = "Demoköping (syntetisk demokommun)"
ZONE = ZoneInfo("Europe/Stockholm")
WEEKS = 13  # the weekly report judges last week against the twelve before it

ORGANISATIONS = (
    ("demokoping-kommun", "Demoköpings kommun (demo)", "municipality"),
    ("demobostader", "Demobostäder AB (demo)", "housing"),
    ("demovakt", "Demovakt Säkerhet (demo)", "security"),
    ("lokalpolisen-demo", "Lokalpolisområde Demoköping (demo)", "police"),
)
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


DEMO_USER = "demo@demokoping.example"


@dataclass(frozen=True)
class DemoSeed:
    tenant: str
    api_key: str
    organisation: str
    seeded: bool
    password: str

    def describe(self, base_url: str) -> list[str]:
        return [
            f"Demo: tenant {self.tenant} = {DEMO_NAME}. All of its data is synthetic.",
            f"Demo: seeded four areas, {WEEKS} weeks of incidents and three interventions"
            if self.seeded
            else "Demo: the demo municipality already exists; its data was kept",
            f"Web app: {base_url}/app/ , log in as {DEMO_USER} with password: {self.password}",
            f"API key: {self.api_key}",
            f"Demo: the key belongs to organisation {self.organisation}; try",
            f"  curl -H 'Authorization: Bearer {self.api_key}' '{base_url}/v1/stats/weekly'",
        ]


def seed_demo(sql_store: SqlStore, now: datetime | None = None) -> DemoSeed:
    """Create the demo tenant, partners and history once; hand out a fresh key every time."""
    now = now or datetime.now(UTC)
    with sql_store.session() as session:
        fresh = session.get(Tenant, DEMO_TENANT) is None
        if fresh:
            add_tenant(session, DEMO_TENANT, DEMO_NAME)
            for slug, name, kind in ORGANISATIONS:
                add_organisation(session, DEMO_TENANT, slug, name, kind)
            session.merge(Boundary(code=DEMO_TENANT, kind="municipality", name=DEMO_NAME, geometry=_town()))
        municipality = find_organisation(session, DEMO_TENANT, ORGANISATIONS[0][0])
        assert municipality is not None
        key = new_api_key(session, municipality, label="demo", role="admin")
        password = secrets.token_urlsafe(12)
        user = session.scalars(select(User).where(User.email == DEMO_USER)).first()
        if user is None:
            add_user(session, municipality, DEMO_USER, "Demo Användare", "admin", password)
        else:
            set_password(user, password)
        organisations = [find_organisation(session, DEMO_TENANT, slug) for slug, _, _ in ORGANISATIONS]
    if fresh:
        _seed_history(sql_store, [o for o in organisations if o is not None], now)
    return DemoSeed(DEMO_TENANT, key, ORGANISATIONS[0][0], fresh, password)


def _seed_history(sql_store: SqlStore, organisations: list[Organisation], now: datetime) -> None:
    """Through the same functions the API uses, so the demo exercises the real path."""
    municipality = principal_of(organisations[0], "admin", "demo")
    with sql_store.session() as session:
        store_areas(session, DEMO_TENANT, list(_areas()), now)
        for plan in _interventions(now):
            store_intervention(session, municipality, plan)
    rng = random.Random(2026)
    for organisation in organisations:
        principal = principal_of(organisation, "reporter", "demo")
        for week_start in _past_weeks(now):
            report = to_report(
                ReportSubmission(incidents=list(_incidents(rng, week_start))), principal, "demo", now
            )
            with sql_store.session() as session:
                store_report(session, principal, report)
    walk = uuid.uuid5(uuid.NAMESPACE_URL, "embrace-demo/Trygghetsvandring i centrum")
    seed_loop(sql_store, municipality, [o.slug for o in organisations], walk, now)


def _town() -> dict[str, object]:
    """The demo municipality's invented boundary: a box around its areas, 2 km beyond them."""
    lats, lons = [lat for lat, _ in AREAS.values()], [lon for _, lon in AREAS.values()]
    south, north, west, east = min(lats) - 0.018, max(lats) + 0.018, min(lons) - 0.035, max(lons) + 0.035
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                [west, south]]]}  # fmt: skip


def _areas() -> Iterator[AreaFeature]:
    for area_id, (lat, lon) in AREAS.items():
        # A square of about 700 x 600 m around the centre: invented, like everything here.
        south, north, west, east = lat - 0.003, lat + 0.003, lon - 0.006, lon + 0.006
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        yield AreaFeature(
            type="Feature",
            properties=AreaProperties(id=area_id, name=area_id.replace("omradet", "området").capitalize()),
            geometry={"type": "Polygon", "coordinates": [ring]},
        )


def _past_weeks(now: datetime) -> Iterator[datetime]:
    local = now.astimezone(ZONE)
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), datetime.min.time(), ZONE)
    for weeks_back in range(WEEKS, 0, -1):
        yield monday - timedelta(weeks=weeks_back)


def _incidents(rng: random.Random, week_start: datetime) -> Iterator[Incident]:
    categories, weights = zip(*CATEGORIES.items(), strict=True)
    for _ in range(rng.randint(2, 8)):
        area = rng.choice(list(AREAS))
        lat, lon = AREAS[area]
        start = week_start + timedelta(minutes=rng.randrange(7 * 24 * 60 - 60))
        # Windows end within the week, so nothing lies in the future however early today is.
        end = min(start + timedelta(hours=rng.choice((2, 4, 8))), week_start + timedelta(days=7))
        time = Instant(at=start) if rng.random() < 0.6 else Window(start=start, end=end)
        yield Incident(
            category=rng.choices(categories, weights)[0],
            description="Syntetisk händelse (demo)",
            time=time,
            location=Location(
                point=GeoPoint(lat=lat + rng.uniform(-0.003, 0.003), lon=lon + rng.uniform(-0.005, 0.005)),
                area_id=area,
            ),
            police_reported=rng.random() < 0.2,
        )


def _interventions(now: datetime) -> Iterator[Intervention]:
    today = now.astimezone(ZONE).date()
    plans: tuple[tuple[str, str, str, date, date | None, InterventionStatus, list[str]], ...] = (
        ("Trygghetsvandring i centrum", "safety_walk", "centrum", today - timedelta(weeks=4),
         today - timedelta(weeks=4), "done", ["dark_place", "disturbing_groups"]),
        ("Ny belysning i Parkstaden", "lighting_improvement", "parkstaden", today - timedelta(weeks=2), None,
         "ongoing", ["dark_place", "vandalism"]),
        ("Nattvandring vid hamnen", "night_walkers", "hamnen", today + timedelta(days=5), None, "planned",
         ["disturbing_groups", "intoxicated_persons"]),
    )  # fmt: skip
    for title, kind, area, start, end, status, targets in plans:
        yield Intervention(
            event_id=uuid.uuid5(uuid.NAMESPACE_URL, f"embrace-demo/{title}"),
            tenant=DEMO_TENANT,
            occurred=now,
            published=now,
            title=title,
            kind=kind,
            place=InterventionPlace(area_id=area),
            start=start,
            end=end,
            responsible_organisation=ORGANISATIONS[0][0],
            status=status,
            targeted_categories=targets,
        )
