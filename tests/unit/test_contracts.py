from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from embrace.contracts import Area, IncidentReport, Intervention, Location, SafetySurveyResult, Window
from embrace.contracts.fields import GeoPoint
from tests.support.builders import NOW, envelope, incident, report


def test_a_report_holds_its_incidents_and_envelope() -> None:
    made = report(incident("graffiti"), incident("littering"))
    assert made.schema_version == 1
    assert [i.category for i in made.incidents] == ["graffiti", "littering"]


def test_a_report_without_incidents_is_refused_unless_it_names_its_week_or_is_a_retraction() -> None:
    with pytest.raises(ValidationError, match="at least one incident, or names the week"):
        IncidentReport.model_validate({**report().model_dump(), "incidents": []})
    assert report(retracted=True, version=2).incidents == []


def test_a_report_of_no_incidents_in_a_named_week_says_there_was_nothing_to_report() -> None:
    nothing = IncidentReport.model_validate(
        {**report().model_dump(), "incidents": [], "reporting_week": "2026-W05"}
    )
    assert nothing.nothing_to_report
    assert not report().nothing_to_report
    assert not report(retracted=True, version=2).nothing_to_report


def test_a_retraction_carries_no_incidents() -> None:
    with pytest.raises(ValidationError, match="carries no incidents"):
        IncidentReport.model_validate({**report().model_dump(), "retracted": True})


def test_a_report_of_more_than_200_incidents_is_refused() -> None:
    with pytest.raises(ValidationError, match="at most 200"):
        IncidentReport.model_validate({**report().model_dump(), "incidents": [incident().model_dump()] * 201})


def test_the_tenant_is_a_four_digit_municipality_code() -> None:
    with pytest.raises(ValidationError, match="tenant"):
        IncidentReport.model_validate({**report().model_dump(), "tenant": "180"})


def test_times_without_a_zone_are_refused() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        IncidentReport.model_validate({**report().model_dump(), "occurred": datetime(2026, 1, 1)})


def test_a_window_must_end_after_it_starts() -> None:
    with pytest.raises(ValidationError, match="end must be after start"):
        Window(start=NOW, end=NOW)
    assert Window(start=NOW, end=NOW + timedelta(hours=8)).kind == "window"


def test_a_location_needs_a_point_an_address_or_an_area() -> None:
    with pytest.raises(ValidationError, match="give a point, an address or an area_id"):
        Location()
    assert Location(address="Storgatan 1").address == "Storgatan 1"


@pytest.mark.parametrize("lat", [float("nan"), float("inf"), 91.0])
def test_coordinates_must_be_finite_and_on_earth(lat: float) -> None:
    with pytest.raises(ValidationError):
        GeoPoint(lat=lat, lon=15.0)


def test_unknown_fields_are_refused_rather_than_ignored() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        IncidentReport.model_validate({**report().model_dump(), "priority": "high"})


def test_descriptions_have_a_length_limit() -> None:
    with pytest.raises(ValidationError, match="at most 2000"):
        incident(description="x" * 2001)


def test_an_intervention_may_not_end_before_it_starts() -> None:
    fields = envelope(
        title="Belysning", kind="lighting_improvement", place={"area_id": "centrum"}, start="2026-02-10",
        end="2026-02-01", responsible_organisation="kommunen", status="planned",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="end must not be before start"):
        Intervention.model_validate(fields)
    assert Intervention.model_validate({**fields, "end": None}).targeted_categories == []


def test_a_survey_share_lies_between_zero_and_one() -> None:
    fields = envelope(
        survey="Trygghet 2026", area_id="centrum", period_start="2026-01-01", period_end="2026-03-31",
        indicator="otrygg_ute_kvall", measure="share", value=1.5, respondents=412,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="share lies between 0 and 1"):
        SafetySurveyResult.model_validate(fields)


def test_an_area_is_a_polygon_or_multipolygon() -> None:
    fields = envelope(
        area_id="centrum",
        name="Centrum",
        kind="neighbourhood",
        geometry={"type": "Point", "coordinates": [15, 59]},
    )
    with pytest.raises(ValidationError, match="Polygon or MultiPolygon"):
        Area.model_validate(fields)


def test_messages_survive_a_round_trip_through_json() -> None:
    made = report(incident(window=(NOW - timedelta(days=2), NOW - timedelta(days=1)), point=(59.3, 18.0)))
    again = IncidentReport.model_validate_json(made.model_dump_json())
    assert again == made
    assert again.occurred.tzinfo is not None
    assert again.occurred == datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
