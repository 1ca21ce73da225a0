"""A submitted report as it is stored: personal data scrubbed, flags the platform's own, and the week it
covers by the platform's dates."""

from __future__ import annotations

from datetime import UTC, datetime

from embrace.contracts.fields import GeoPoint
from services.ingest.submissions import covered_week, prepare
from tests.support.builders import incident, report


class Nowhere:
    """Places that know no municipality: no point is flagged."""

    def in_sweden(self, _point: GeoPoint) -> bool:
        return True

    def km_outside(self, _code: str, _point: GeoPoint) -> float | None:
        return None


def test_a_report_with_nothing_to_scrub_is_stored_as_it_came() -> None:
    made = report(incident(address="Storgatan 12", description="Klotter på skolans vägg"))
    prepared = prepare(made, Nowhere())
    assert prepared.report is made
    assert (prepared.warnings, prepared.scrubbed) == ([], {})


def test_personal_data_is_scrubbed_and_flags_a_partner_gave_are_dropped() -> None:
    given = incident(
        address="Storgatan 12", description="Ring 070-123 45 67", flags=["far_outside_municipality"]
    )
    prepared = prepare(report(given, incident(address="Ring 0701234567")), Nowhere())
    first, second = prepared.report.incidents
    assert (first.description, first.flags, first.location.address) == (
        "Ring [telefonnummer]",
        [],
        "Storgatan 12",
    )
    assert second.location.address == "Ring [telefonnummer]"
    assert prepared.scrubbed == {"phone": 2}


def test_an_incident_sent_in_utc_on_a_sunday_night_falls_in_the_swedish_week() -> None:
    monday_in_sweden = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # 00:30 on Monday in Stockholm
    assert (
        covered_week([incident(at=monday_in_sweden)] * 2 + [incident(at=datetime(2026, 12, 2, tzinfo=UTC))])
        == "2026-W50"
    )
