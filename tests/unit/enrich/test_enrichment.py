from __future__ import annotations

import warnings
from datetime import timedelta

import pytest

from embrace.bus.stages import Rejected
from embrace.contracts import EnrichedReport, IncidentReport, ReportVersion
from embrace.topics import ENRICHED_REPORTS, REPORT_VERSIONS
from services.enrich.enrichment import EnrichContext
from tests.support.builders import NOW, incident, report
from tests.support.enriching import enrich_one, facts_of


@pytest.fixture
def context(enrich_context: EnrichContext) -> EnrichContext:
    return enrich_context


def test_a_report_becomes_one_fact_per_incident_and_its_current_version(context: EnrichContext) -> None:
    made = report(
        incident("graffiti", point=(59.3, 18.0)), incident("littering", address="Storgatan 1", area_id=None)
    )
    emitted = list(enrich_one(made, context))
    assert [e.topic for e in emitted] == [ENRICHED_REPORTS, REPORT_VERSIONS]  # one message for the incidents
    enriched, version = (e.value for e in emitted)
    assert isinstance(enriched, EnrichedReport)
    assert isinstance(version, ReportVersion)
    first, second = enriched.incidents
    assert (enriched.report_id, enriched.report_version) == (made.event_id, 1)
    assert (first.category_group, first.location_precision, first.point is not None) == (
        "insecurity",
        "point",
        True,
    )
    # Text nobody could resolve yet: an address without a point, flagged for people and for a retry.
    assert (second.location_precision, second.point, second.flags) == (
        "address",
        None,
        ["unresolved_address"],
    )
    assert (version.report_id, version.version, version.incident_count) == (made.event_id, 1, 2)


def test_time_windows_keep_both_ends_and_are_placed_by_their_midpoint(context: EnrichContext) -> None:
    start = NOW - timedelta(days=2, hours=12)  # Friday 21:00 local
    made = report(incident(window=(start, start + timedelta(hours=9))))
    [fact] = facts_of(made, context)
    assert (fact.time_precision, fact.time_start, fact.time_end) == (
        "window",
        start,
        start + timedelta(hours=9),
    )
    # Friday 21:00 to Saturday 06:00: counted at 01:30 on Saturday, a night of nine hours.
    assert (fact.iso_week, fact.weekday, fact.part_of_day, fact.window_hours) == ("2026-W05", 6, "night", 9.0)


def test_the_same_input_always_yields_the_same_ids(context: EnrichContext) -> None:
    made = report(incident(), incident("graffiti"))
    assert [f.event_id for f in facts_of(made, context)] == [f.event_id for f in facts_of(made, context)]


def test_a_new_version_yields_new_fact_ids(context: EnrichContext) -> None:
    first = report(incident())
    second = report(incident(), report_id=first.event_id, version=2)
    assert facts_of(first, context)[0].event_id != facts_of(second, context)[0].event_id


def test_a_retraction_yields_only_the_withdrawn_version(context: EnrichContext) -> None:
    emitted = list(enrich_one(report(retracted=True, version=3), context))
    assert [e.topic for e in emitted] == [REPORT_VERSIONS]
    assert emitted[0].value.retracted is True


def test_nothing_to_report_yields_only_its_version_with_its_week(context: EnrichContext) -> None:
    nothing = IncidentReport.model_validate(
        {**report().model_dump(), "incidents": [], "reporting_week": "2026-W05"}
    )
    [emitted] = enrich_one(nothing, context)
    assert emitted.topic == REPORT_VERSIONS
    assert (emitted.value.incident_count, emitted.value.reporting_week) == (0, "2026-W05")
    running = nothing.model_copy(update={"reporting_week": "2026-W06"})  # NOW is its Monday
    with pytest.raises(Rejected, match="reporting_week: 2026-W06 has not ended"):
        list(enrich_one(running, context))


def test_a_report_breaking_the_rules_is_rejected_with_every_reason(context: EnrichContext) -> None:
    made = report(incident("ufo"), incident(at=NOW + timedelta(hours=1)))
    with pytest.raises(Rejected) as raised:
        list(enrich_one(made, context))
    assert "incidents.0.category: unknown category 'ufo'" in str(raised.value)
    assert "incidents.1.time.at: lies in the future" in str(raised.value)


def test_imported_history_is_not_refused_for_its_age(context: EnrichContext) -> None:
    made = report(incident(at=NOW - timedelta(days=2000)), channel="import")
    assert len(list(enrich_one(made, context))) == 2


def test_what_enrich_builds_without_validating_again_keeps_the_contract(context: EnrichContext) -> None:
    made = report(
        incident("graffiti", point=(59.3, 18.0), description="Klotter på skolan"),
        incident("littering", address="Storgatan 1", area_id=None),
        incident("vandalism", area_id="centrum"),
        incident("dark_place", window=(NOW - timedelta(days=2), NOW - timedelta(days=1))),
    )
    [enriched] = [e.value for e in enrich_one(made, context) if isinstance(e.value, EnrichedReport)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pydantic warns when it serialises a value of the wrong type
        again = EnrichedReport.model_validate_json(enriched.model_dump_json())
        assert again.model_dump() == enriched.model_dump()
