"""The weekly situation report, computed from the warehouse the pipeline filled."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from embrace.contracts import Intervention
from embrace.contracts.interventions import InterventionPlace
from embrace.taxonomy import Taxonomy
from embrace.topics import INCIDENT_REPORTS, INTERVENTIONS
from services.reporting.situation import weekly_situation
from tests.support.builders import NOW, incident, report
from tests.support.system import System


def publish_week(system: System, weeks_back: int, *categories: str) -> None:
    at = NOW - timedelta(days=3, weeks=weeks_back)  # a Friday of 2026-W05 when weeks_back is 0
    made = report(*(incident(c, at=at) for c in categories), occurred=NOW)
    system.bus.publish([INCIDENT_REPORTS.record(made)])


def plan(system: System, title: str, start: date, status: str = "planned") -> None:
    made = Intervention(
        event_id=uuid.uuid4(),
        tenant="9999",
        occurred=NOW,
        published=NOW,
        title=title,
        kind="safety_walk",
        place=InterventionPlace(area_id="centrum"),
        start=start,
        responsible_organisation="kommunen",
        status=status,
    )
    system.bus.publish([INTERVENTIONS.record(made)])


def test_last_week_is_compared_with_the_mean_of_the_four_before(system: System, taxonomy: Taxonomy) -> None:
    publish_week(system, 0, "graffiti", "graffiti", "graffiti", "littering")
    for weeks_back in (1, 2, 3, 4):
        publish_week(system, weeks_back, "graffiti")
    publish_week(system, 2, "littering", "littering")
    publish_week(system, 5, "vandalism")  # outside the baseline
    situation = weekly_situation(system.warehouse, taxonomy, "9999", "2026-W05", "sv")
    assert situation.baseline_weeks == ["2026-W01", "2026-W02", "2026-W03", "2026-W04"]
    assert (situation.total, situation.baseline_total_mean) == (4, 1.5)
    trends = {t.category: (t.label, t.this_week, t.baseline_mean, t.change) for t in situation.categories}
    assert trends == {"graffiti": ("Klotter", 3, 1.0, 2.0), "littering": ("Nedskräpning", 1, 0.5, 0.5)}


def test_interventions_of_next_week_are_listed_and_finished_ones_are_not(
    system: System, taxonomy: Taxonomy
) -> None:
    next_monday = date(2026, 2, 2)
    plan(system, "Trygghetsvandring", next_monday + timedelta(days=2))
    plan(system, "Belysning", next_monday - timedelta(weeks=3), status="ongoing")
    plan(system, "Städdag", next_monday - timedelta(weeks=1), status="done")
    plan(system, "Senare vandring", next_monday + timedelta(weeks=2))
    situation = weekly_situation(system.warehouse, taxonomy, "9999", "2026-W05", "en")
    assert situation.next_week == "2026-W06"
    assert [i.title for i in situation.interventions] == ["Belysning", "Trygghetsvandring"]


def test_the_situation_is_served_to_the_tenant_over_http(system: System) -> None:
    key = system.add_partner("9999", "kommunen")
    publish_week(system, 0, "graffiti")
    answer = system.client.get(
        "/v1/situation/weekly?week=2026-W05",
        headers={"Authorization": f"Bearer {key}", "Accept-Language": "en"},
    )
    body = answer.json()
    assert (answer.status_code, body["tenant"], body["total"]) == (200, "9999", 1)
    assert body["categories"][0] == {
        "category": "graffiti",
        "label": "Graffiti",
        "this_week": 1,
        "baseline_mean": 0.0,
        "change": 1.0,
    }
