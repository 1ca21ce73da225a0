"""The in-process pipeline with the real enrich and aggregate stages on chDB."""

from __future__ import annotations

import uuid

from embrace.contracts import IncidentReport, Intervention
from embrace.contracts.interventions import InterventionPlace
from embrace.http.wake import WakeRelay
from embrace.record import Record
from embrace.topics import INCIDENT_REPORTS, INTERVENTIONS
from services.reporting.stats.weekly import weekly_stats
from tests.support.builders import NOW, incident, report
from tests.support.system import System


def record(made: IncidentReport) -> Record:
    return INCIDENT_REPORTS.record(made)


def test_a_published_report_is_counted_in_the_warehouse(system: System) -> None:
    system.bus.publish([record(report(incident("graffiti"), incident("graffiti"), incident("littering")))])
    stats = weekly_stats(system.warehouse, "9999", "2026-W05")
    assert (stats.incidents, stats.by_category, stats.by_source) == (
        3,
        {"graffiti": 2, "littering": 1},
        {"municipality": 3},
    )


def test_malformed_messages_are_dead_lettered_with_reasons_and_good_ones_go_through(system: System) -> None:
    good = [record(report(incident())) for _ in range(3)]
    bad = [
        Record(INCIDENT_REPORTS.name, b"x", b"{not json"),
        Record(INCIDENT_REPORTS.name, b"y", b'{"tenant": "0180", "incidents": []}'),
        record(report(incident("ufo"))),
    ]
    system.bus.publish([good[0], bad[0], good[1], bad[1], bad[2], good[2]])
    assert weekly_stats(system.warehouse, "9999", "2026-W05").incidents == 3
    letters = system.warehouse.query(
        "SELECT key, reason, tenant, original FROM {db}.dead_letters ORDER BY offset"
    )
    assert [row[0] for row in letters] == ["x", "y", bad[2].key.decode()]  # type: ignore[union-attr]
    assert letters[0][1].startswith("invalid IncidentReport: (message): Invalid JSON")
    assert "event_id: Field required" in letters[1][1]
    assert letters[1][2] == "0180"
    assert letters[2][1] == "rejected: incidents.0.category: unknown category 'ufo'"
    assert letters[0][3] == "{not json"


def test_a_correction_and_a_retraction_travel_the_bus_like_any_report(system: System) -> None:
    first = report(incident("graffiti"), incident("littering"))
    system.bus.publish([record(first)])
    system.bus.publish([record(report(incident("vandalism"), report_id=first.event_id, version=2))])
    assert weekly_stats(system.warehouse, "9999", "2026-W05").by_category == {"vandalism": 1}
    system.bus.publish([record(report(report_id=first.event_id, version=3, retracted=True))])
    assert weekly_stats(system.warehouse, "9999", "2026-W05").incidents == 0


def test_interventions_are_stored_for_follow_up(system: System) -> None:
    plan = Intervention(
        event_id=uuid.uuid4(),
        tenant="9999",
        occurred=NOW,
        published=NOW,
        title="Trygghetsvandring",
        kind="safety_walk",
        place=InterventionPlace(area_id="centrum"),
        start=NOW.date(),
        responsible_organisation="kommunen",
        status="planned",
        targeted_categories=["dark_place"],
    )
    system.bus.publish([INTERVENTIONS.record(plan)])
    rows = system.warehouse.query("SELECT title, status, targeted_categories FROM {db}.interventions FINAL")
    assert rows == [("Trygghetsvandring", "planned", ["dark_place"])]


def test_the_app_wakes_the_outbox_relay_when_a_request_changed_something(system: System) -> None:
    """Every route and form alike (embrace/http/wake.py): no handler that saves has to remember it."""
    wakes = [m.kwargs["wake"] for m in system.client.app.user_middleware if m.cls is WakeRelay]  # type: ignore[attr-defined]
    assert wakes == [system.relay.wake]
