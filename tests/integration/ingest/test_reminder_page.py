"""A partner asks on the Inskickat page to be reminded by mail when its organisation has not reported a
week, and stops it there or by the mail's unsubscribe link."""

from __future__ import annotations

from sqlalchemy import select

from embrace.sqlstore.report_tables import Subscription
from tests.support.system import System, form_token, log_in


def reminders(system: System) -> list[tuple[str, str | None, str, bool]]:
    with system.sql_store.session() as session:
        found = session.scalars(select(Subscription).where(Subscription.kind == "reminder"))
        return [(s.email, s.organisation, s.language, s.active) for s in found]


def test_a_partner_asks_to_be_reminded_and_stops_again(system: System) -> None:
    password = system.add_person("0180", "vakten", "Bo@Vakten.se")
    log_in(system.client, "bo@vakten.se", password)
    page = system.client.get("/app/reports").text
    assert "Vill du få ett mejl när Vakten inte har rapporterat en vecka" in page
    remind = {"csrf": form_token(page), "remind": "true"}
    answer = system.client.post("/app/reminder", data=remind, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/app/reports#reminder")
    assert reminders(system) == [("bo@vakten.se", "vakten", "sv", True)]
    page = system.client.get("/app/reports").text
    assert "Du får ett mejl till bo@vakten.se när Vakten inte har rapporterat" in page
    system.client.post("/app/reminder", data={**remind, "remind": "false"})
    assert reminders(system) == [("bo@vakten.se", "vakten", "sv", False)]
    system.client.post("/app/reminder", data=remind, headers={"Accept-Language": "en"})
    assert reminders(system) == [("bo@vakten.se", "vakten", "sv", True)]  # the same subscription again


def test_a_reminder_is_asked_for_only_with_the_pages_form_token(system: System) -> None:
    password = system.add_person("0180", "vakten", "bo@vakten.se")
    log_in(system.client, "bo@vakten.se", password)
    answer = system.client.post("/app/reminder", data={"csrf": "forged", "remind": "true"})
    assert answer.status_code == 403
    assert reminders(system) == []
