from __future__ import annotations

from datetime import timedelta

from embrace.contracts import IncidentReport
from embrace.taxonomy import Taxonomy
from embrace.validation import Policy, check_report
from embrace.weeks import label, last_week
from tests.support.builders import NOW, incident, report

POLICY = Policy(max_age=timedelta(days=400), max_skew=timedelta(minutes=5))


def codes(problems: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(p.field, p.code) for p in problems]


def test_a_sound_report_has_no_problems(taxonomy: Taxonomy) -> None:
    assert check_report(report(incident("graffiti")), taxonomy, POLICY) == []


def test_a_category_outside_the_taxonomy_is_named_by_its_field(taxonomy: Taxonomy) -> None:
    problems = check_report(report(incident("littering"), incident("ufo")), taxonomy, POLICY)
    assert codes(problems) == [("incidents.1.category", "unknown_category")]


def test_an_intervention_type_is_not_an_incident_category(taxonomy: Taxonomy) -> None:
    problems = check_report(report(incident("safety_walk")), taxonomy, POLICY)
    assert codes(problems) == [("incidents.0.category", "unknown_category")]


def test_times_more_than_five_minutes_after_the_report_are_in_the_future(taxonomy: Taxonomy) -> None:
    ok = incident(at=NOW + timedelta(minutes=4))
    late = incident(at=NOW + timedelta(minutes=6))
    assert codes(check_report(report(ok, late), taxonomy, POLICY)) == [("incidents.1.time.at", "in_future")]


def test_times_older_than_the_limit_are_refused(taxonomy: Taxonomy) -> None:
    old = incident(window=(NOW - timedelta(days=401), NOW - timedelta(days=399)))
    assert codes(check_report(report(old), taxonomy, POLICY)) == [("incidents.0.time.start", "too_old")]


def test_history_backfill_accepts_any_age(taxonomy: Taxonomy) -> None:
    old = incident(at=NOW - timedelta(days=3000))
    assert check_report(report(old), taxonomy, Policy(max_age=None)) == []


def test_points_outside_sweden_are_refused(taxonomy: Taxonomy) -> None:
    oslo = incident(point=(59.91, 10.75))
    kiruna = incident(point=(67.86, 20.23))
    problems = check_report(report(oslo, kiruna), taxonomy, POLICY)
    assert codes(problems) == [("incidents.0.location.point", "outside_sweden")]


def nothing_in(week: str) -> IncidentReport:
    return IncidentReport.model_validate({**report().model_dump(), "incidents": [], "reporting_week": week})


def test_nothing_to_report_is_said_of_a_week_once_it_has_ended(taxonomy: Taxonomy) -> None:
    assert check_report(nothing_in(last_week(NOW)), taxonomy, POLICY) == []
    running = check_report(nothing_in(label(NOW.date())), taxonomy, POLICY)
    assert codes(running) == [("reporting_week", "week_not_ended")]
    assert running[0].params == {"week": label(NOW.date()), "latest": last_week(NOW)}


def test_nothing_to_report_of_a_week_older_than_the_limit_is_refused(taxonomy: Taxonomy) -> None:
    long_ago = label((NOW - timedelta(days=410)).date())
    assert codes(check_report(nothing_in(long_ago), taxonomy, POLICY)) == [("reporting_week", "too_old")]
    assert check_report(nothing_in(long_ago), taxonomy, Policy(max_age=None)) == []
