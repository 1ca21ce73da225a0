"""What the dashboards' tests read: the demo municipality, plus police notices, survey results, an alert,
a place outlook of known content and a week the security firm had nothing to report, in a warehouse of
its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from embrace.contracts import Alert, PlaceOutlook, PoliceNotice, SafetySurveyResult
from embrace.contracts.fields import GeoPoint
from embrace.contracts.police import PoliceLocation
from embrace.settings import load_settings
from embrace.sqlstore.credentials import principal_of
from embrace.sqlstore.registry import find_organisation
from embrace.taxonomy import Taxonomy
from embrace.topics import ALERTS, PLACE_OUTLOOK, POLICE_NOTICES, SURVEY_RESULTS
from embrace.weeks import label
from services.cli.demo.history import WEEKS
from services.cli.demo.seed import DEMO_TENANT, seed_demo
from services.ingest.acceptance import store_report
from services.ingest.submissions import ReportSubmission, to_report
from services.reporting.delivery.schedule import Scheduler
from tests.support.system import System, embedded_system

NOW = datetime.now(UTC)
START, END = NOW - timedelta(weeks=WEEKS + 4), NOW  # the demo's weeks and a few before them


def police_notice(number: int, precision: str) -> PoliceNotice:
    at = NOW - timedelta(days=3 + number % 20)
    return PoliceNotice(
        event_id=uuid.uuid4(), tenant=DEMO_TENANT, occurred=at, published=at, police_id=900_000 + number,
        datetime=at.strftime("%Y-%m-%d %H:%M:%S +00:00"), name=f"Stöld, Demoköping {number}", summary="",
        url="/", type="Stöld", location=PoliceLocation(name="Demoköping", gps="59.2741,15.2066"),
        location_precision=precision, county_code="18", point=GeoPoint(lat=59.2741, lon=15.2066),
    )  # fmt: skip


def survey_result(area: str, months_ago: int) -> SafetySurveyResult:
    end = (NOW - timedelta(days=30 * months_ago)).date()
    return SafetySurveyResult(
        event_id=uuid.uuid4(), tenant=DEMO_TENANT, occurred=NOW, published=NOW, survey="Trygghetsmätning",
        area_id=area, period_start=end - timedelta(days=30), period_end=end, indicator="otrygg_kvall",
        measure="share", value=0.2 + months_ago / 100, respondents=120,
    )  # fmt: skip


def alert() -> Alert:
    week = label((NOW - timedelta(days=7)).date())
    return Alert(
        event_id=uuid.uuid4(), tenant=DEMO_TENANT, occurred=NOW, published=NOW, rule="spike",
        severity="warning", week=week, area_id="centrum", category="graffiti", observed=12, expected=3,
        z=3.46, message=f"graffiti i centrum: 12 händelser vecka {week}",
    )  # fmt: skip


HOT_CELLS: dict[Literal["", "crime"], str] = {"": "8808b118c1fffff", "crime": "8808b118c3fffff"}  # all; crime


def hot_cell(group: Literal["", "crime"]) -> PlaceOutlook:
    """An outlook of known content, one per group, for the map's layers to be checked against."""
    week = label((NOW + timedelta(days=7)).date())
    return PlaceOutlook(
        event_id=uuid.uuid4(), tenant=DEMO_TENANT, occurred=NOW, published=NOW, week=week,
        as_of=label(NOW.date()), cell=HOT_CELLS[group], category_group=group, lat=59.2741, lon=15.2066,
        incidents=22, gi_z=4.2, kind="hot", expected=5.5, low=3, high=8,
    )  # fmt: skip


NOTHING_WEEK = label((NOW - timedelta(weeks=WEEKS + 2)).date())  # before the demo's weeks, in the range


def nothing_from_the_security_firm(system: System) -> None:
    with system.sql_store.session() as session:
        organisation = find_organisation(session, DEMO_TENANT, "demovakt")
        assert organisation is not None
        principal = principal_of(organisation, "reporter", "seed")
        said = ReportSubmission(reporting_week=NOTHING_WEEK, incidents=[])
        store_report(session, principal, to_report(said, principal, "api", NOW))


@contextmanager
def seeded_system(home: Path, chdb_store: Path) -> Iterator[System]:
    settings = load_settings(home=home, clickhouse_dsn=f"chdb://{chdb_store}",
                             clickhouse_database=f"t_{uuid.uuid4().hex[:12]}")  # fmt: skip
    with embedded_system(settings) as system:
        seed_demo(system.sql_store, NOW)
        nothing_from_the_security_firm(system)
        system.relay.drain()
        notices = [police_notice(n, "municipality" if n % 3 else "county") for n in range(12)]
        surveys = [survey_result(area, months) for area in ("centrum", "hamnen") for months in (0, 1, 2)]
        records = [POLICE_NOTICES.record(n) for n in notices] + [SURVEY_RESULTS.record(s) for s in surveys]
        outlook = [PLACE_OUTLOOK.record(hot_cell(group)) for group in HOT_CELLS]
        system.bus.publish([*records, ALERTS.record(alert()), *outlook])
        Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), ZoneInfo("Europe/Stockholm"), None, "",
                  {}).run_due(NOW)  # fmt: skip # measures the interventions' effects
        system.relay.drain()
        yield system
