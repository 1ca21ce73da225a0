"""When a tenant began reporting, read on the real engine (chDB): its first incident as incidents stand
now, so a report withdrawn does not make a tenant older than it is."""

from __future__ import annotations

from datetime import UTC, date, datetime

from embrace.warehouse import Warehouse
from embrace.warehouse.begun import began, first_days
from services.enrich.enrichment import EnrichContext
from tests.support.builders import incident, report
from tests.support.enriching import enriched_and_versions as made
from tests.support.rollups import Ticking

EARLIER = datetime(2025, 12, 10, 12, tzinfo=UTC)
LATER = datetime(2026, 1, 14, 12, tzinfo=UTC)  # before the reports, sent at NOW


def test_each_tenant_began_with_its_first_incident_as_incidents_stand_now(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    current = Ticking(warehouse)
    early = report(incident("graffiti", at=EARLIER), tenant="0114")
    reports = [report(incident("graffiti", at=LATER), tenant="0180"), early,
               report(incident("littering", at=LATER), tenant="0114"),
               report(report_id=early.event_id, version=2, retracted=True, tenant="0114")]  # fmt: skip
    for version in reports:
        rows, versions = made(version, enrich_context)
        current.write_reports(rows)
        current.write_versions(versions)
    assert first_days(warehouse) == {"0180": date(2026, 1, 14), "0114": date(2026, 1, 14)}
    assert first_days(warehouse, ["0180", "0999"]) == {"0180": date(2026, 1, 14)}
    assert began(warehouse, ["0999"]) is None  # a tenant without incidents has not begun
    assert began(warehouse) == date(2026, 1, 14)
