"""The web app through its forms: CSRF, the weekly report, interventions, language."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from embrace import weeks
from embrace.contracts import IncidentReport
from embrace.sqlstore.tables import Draft, StoredReport
from embrace.weeks import shift
from tests.support.system import System, form_token, log_in

EMAIL = "anna@kommun.se"


@pytest.fixture
def signed_in(system: System) -> TestClient:
    password = system.add_person("0180", "kommunen", EMAIL)
    log_in(system.client, EMAIL, password)
    return system.client


def csrf(client: TestClient, page: str = "/app/report") -> str:
    return form_token(client.get(page).text)


def yesterday() -> str:
    return (datetime.now(UTC) - timedelta(days=1)).date().isoformat()


def add(client: TestClient, **fields: str) -> Any:
    form = {
        "csrf": csrf(client),
        "category": "littering",
        "date": yesterday(),
        "part": "evening",
        "address": "Storgatan 1",
        **fields,
    }
    return client.post("/app/report/incidents", data=form, follow_redirects=False)


def test_a_report_is_built_incident_by_incident_reviewed_and_sent(
    system: System, signed_in: TestClient
) -> None:
    assert add(signed_in, category="graffiti", description="Klotter, ring 070-123 45 67").status_code == 303
    assert add(signed_in, category="littering", time="14:30").status_code == 303
    assert add(signed_in, category="dark_place", part="night").status_code == 303
    review = signed_in.get("/app/report/review")
    assert review.text.count("<li>") == 3
    assert "[telefonnummer]" in review.text  # the draft is stored, so it is scrubbed already
    sent = signed_in.post("/app/report/submit", data={"csrf": csrf(signed_in)})
    assert "Tack! Rapporten är mottagen." in sent.text
    with system.sql_store.session() as session:
        stored = session.scalars(select(StoredReport)).one()
        report = IncidentReport.model_validate(stored.payload)
        assert session.get(Draft, 1).incidents == []  # type: ignore[union-attr]
    assert (report.channel, len(report.incidents)) == ("web", 3)
    assert report.incidents[1].time.kind == "instant"
    assert report.incidents[2].time.kind == "window"
    system.relay.drain()
    assert system.warehouse.query("SELECT count() FROM {db}.current_incidents")[0][0] == 3


def test_form_errors_are_shown_beside_their_fields_in_swedish(signed_in: TestClient) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    answer = add(signed_in, category="", date=tomorrow, lat="59.3", lon="")
    assert answer.status_code == 422
    text = answer.text
    assert "Rätta uppgifterna som är markerade." in text
    assert 'id="category" name="category" required aria-invalid="true"' in text
    assert 'id="lat-error"' in text


def test_a_time_in_the_future_is_refused(signed_in: TestClient) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    answer = add(signed_in, date=tomorrow, part="morning")
    assert answer.status_code == 422
    assert "framtiden" in answer.text


def test_a_form_without_its_csrf_token_changes_nothing(system: System, signed_in: TestClient) -> None:
    answer = signed_in.post(
        "/app/report/incidents",
        data={"csrf": "forged", "category": "littering", "date": yesterday(), "address": "x"},
    )
    assert answer.status_code == 403
    with system.sql_store.session() as session:
        assert session.get(Draft, 1) is None


def test_the_language_can_be_switched_to_english(signed_in: TestClient) -> None:
    signed_in.get("/app/language/en?back=/app/report")
    assert "Weekly report" in signed_in.get("/app/report").text
    signed_in.get("/app/language/sv?back=/app/report")
    assert "Veckorapport" in signed_in.get("/app/report").text


def test_swedish_is_the_default_even_for_an_english_browser(signed_in: TestClient) -> None:
    assert "Veckorapport" in signed_in.get("/app/report", headers={"Accept-Language": "en-US"}).text


def test_a_refused_page_is_a_page_of_the_app_in_its_language_and_a_program_still_gets_json(
    signed_in: TestClient,
) -> None:
    browser = {"Accept": "text/html,application/xhtml+xml", "Accept-Language": "en-US"}
    page = signed_in.get("/app/lagesbild", params={"week": "2026-W99"}, headers=browser)
    assert (page.status_code, page.headers["content-type"]) == (422, "text/html; charset=utf-8")
    assert "Ogiltiga uppgifter" in page.text  # the app's Swedish, whatever the browser prefers
    assert "<code>query.week</code>: Fel format." in page.text
    assert 'href="/app/report"' in page.text
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    program = signed_in.get("/app/lagesbild", params={"week": "2026-W99"})
    assert program.headers["content-type"] == "application/problem+json"
    this_week = weeks.this_week()
    running = signed_in.get("/app/lagesbild", params={"week": this_week}, headers=browser)
    assert running.status_code == 422
    assert "är inte slut" in running.text


def test_pages_forbid_framing_and_foreign_scripts(signed_in: TestClient) -> None:
    headers = signed_in.get("/app/report").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_an_intervention_is_registered_and_updated_from_the_web(
    system: System, signed_in: TestClient
) -> None:
    start = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    form = {
        "csrf": csrf(signed_in, "/app/interventions"),
        "title": "Trygghetsvandring",
        "kind": "safety_walk",
        "start": start,
        "status": "planned",
        "address": "",
        "lat": "59.33",
        "lon": "18.06",
        "responsible": "kommunen",
        "targets": ["dark_place", "vandalism"],
    }
    created = signed_in.post("/app/interventions", data=form)
    assert "Sparat." in created.text
    assert "Lämna slutdatum tomt för en bestående åtgärd" in created.text  # a day is too short to measure
    ident = re.search(r'href="/app/interventions/([0-9a-f-]{36})"', created.text)
    assert ident is not None
    edit = {**form, "csrf": csrf(signed_in, f"/app/interventions/{ident.group(1)}"), "status": "ongoing"}
    assert "Sparat." in signed_in.post(f"/app/interventions/{ident.group(1)}", data=edit).text
    system.relay.drain()
    assert system.warehouse.query(
        "SELECT version, status, targeted_categories FROM {db}.interventions FINAL"
    ) == [(2, "ongoing", ["dark_place", "vandalism"])]


def test_what_was_sent_links_to_the_weeks_around_it_but_not_to_one_not_begun(signed_in: TestClient) -> None:
    this_week = weeks.this_week()
    now = signed_in.get(f"/app/reports?week={this_week}").text
    before = signed_in.get(f"/app/reports?week={shift(this_week, -1)}").text
    assert f"week={shift(this_week, -1)}" in now
    assert f"week={shift(this_week, 1)}" not in now
    assert f"week={this_week}" in before
