"""`embrace run --demo`: a clearly labelled synthetic municipality to look around in.

Everything here is invented: tenant 9999 is not a real municipality code (real ones end at 2584). The
data goes in the front door, through the outbox and the pipeline, like any partner's report.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from embrace.contracts import Intervention
from embrace.contracts.interventions import InterventionPlace, InterventionStatus
from embrace.sqlstore import SqlStore
from embrace.sqlstore.accounts import add_user, set_password
from embrace.sqlstore.credentials import new_api_key, principal_of
from embrace.sqlstore.interventions import store_intervention
from embrace.sqlstore.place_tables import Boundary
from embrace.sqlstore.registry import add_organisation, add_tenant, find_organisation
from embrace.sqlstore.tables import Organisation, Tenant, User
from services.cli.demo.history import (
    GATHERING_REPORTER,
    WEEKS,
    ZONE,
    areas,
    gathering,
    incidents,
    past_weeks,
    town,
)
from services.cli.demo.loop import seed_loop
from services.ingest.acceptance import store_report
from services.ingest.areas import store_areas
from services.ingest.submissions import ReportSubmission, to_report

DEMO_TENANT = "9999"
DEMO_NAME = "Demoköping (syntetisk demokommun)"

ORGANISATIONS = (
    ("demokoping-kommun", "Demoköpings kommun (demo)", "municipality"),
    ("demobostader", "Demobostäder AB (demo)", "housing"),
    ("demovakt", "Demovakt Säkerhet (demo)", "security"),
    ("lokalpolisen-demo", "Lokalpolisområde Demoköping (demo)", "police"),
)


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
            session.merge(Boundary(code=DEMO_TENANT, kind="municipality", name=DEMO_NAME, geometry=town()))
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
        store_areas(session, DEMO_TENANT, list(areas()), now)
        for plan in _interventions(now):
            store_intervention(session, municipality, plan)
    for organisation in organisations:
        principal = principal_of(organisation, "reporter", "demo")
        for weeks_back, week_start in past_weeks(now):
            week = list(incidents(organisation.slug, week_start, weeks_back))
            if organisation.kind == GATHERING_REPORTER:
                week += gathering(week_start, weeks_back)
            report = to_report(ReportSubmission(incidents=week), principal, "demo", now)
            with sql_store.session() as session:
                store_report(session, principal, report)
    walk = uuid.uuid5(uuid.NAMESPACE_URL, "embrace-demo/Trygghetsvandring i centrum")
    seed_loop(sql_store, municipality, [o.slug for o in organisations], walk, now)


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
