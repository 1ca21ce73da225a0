"""A person chooses on the Utskick page what they are mailed: the kinds their role may have, each started
and stopped with a button, in the page's language; a partner also asks there, or on the Inskickat page,
to be reminded when its organisation has not reported a week."""

from __future__ import annotations

from sqlalchemy import select

from embrace.sqlstore.report_tables import Subscription
from tests.support.system import System, form_token, log_in


def subscriptions(system: System, kind: str) -> list[tuple[str, str | None, str, bool]]:
    with system.sql_store.session() as session:
        found = session.scalars(select(Subscription).where(Subscription.kind == kind))
        return [(s.email, s.organisation, s.language, s.active) for s in found]


def test_a_person_starts_and_stops_the_weekly_report_by_mail(system: System) -> None:
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "analyst"))
    page = system.client.get("/app/mail").text
    assert "Det här mejlar EMBRACE till eva@kommun.se" in page
    for offered in ("Veckans lägesbild", "Kvartalsanalysen", "Larm", "Återkoppling"):
        assert offered in page
    assert "Påminnelse att rapportera" not in page  # an analyst does not report
    weekly = {"csrf": form_token(page), "kind": "weekly", "on": "true"}
    answer = system.client.post("/app/mail", data=weekly, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/app/mail")
    assert subscriptions(system, "weekly") == [("eva@kommun.se", None, "sv", True)]
    assert "Du får det." in system.client.get("/app/mail").text
    system.client.post("/app/mail", data={**weekly, "on": "false"})
    assert subscriptions(system, "weekly") == [("eva@kommun.se", None, "sv", False)]


def test_a_partner_is_offered_no_quarterly_analysis_and_cannot_ask_for_it(system: System) -> None:
    log_in(system.client, "bo@vakten.se", system.add_person("0180", "vakten", "bo@vakten.se"))
    page = system.client.get("/app/mail").text
    assert "Kvartalsanalysen" not in page
    asked = {"csrf": form_token(page), "kind": "quarterly", "on": "true"}
    answer = system.client.post("/app/mail", data=asked)
    assert answer.status_code == 422
    assert subscriptions(system, "quarterly") == []


def test_a_partner_asks_to_be_reminded_on_inskickat_and_stops_again(system: System) -> None:
    password = system.add_person("0180", "vakten", "Bo@Vakten.se")
    log_in(system.client, "bo@vakten.se", password)
    page = system.client.get("/app/reports").text
    assert "Vill du få ett mejl när Vakten inte har rapporterat en vecka" in page
    remind = {"csrf": form_token(page), "kind": "reminder", "on": "true", "back": "reports"}
    answer = system.client.post("/app/mail", data=remind, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/app/reports#reminder")
    assert subscriptions(system, "reminder") == [("bo@vakten.se", "vakten", "sv", True)]
    page = system.client.get("/app/reports").text
    assert "Du får ett mejl till bo@vakten.se när Vakten inte har rapporterat" in page
    system.client.post("/app/mail", data={**remind, "on": "false"})
    assert subscriptions(system, "reminder") == [("bo@vakten.se", "vakten", "sv", False)]
    system.client.post("/app/mail", data=remind, headers={"Accept-Language": "en"})
    assert subscriptions(system, "reminder") == [("bo@vakten.se", "vakten", "sv", True)]  # the same again


def test_mail_is_changed_only_with_the_pages_form_token(system: System) -> None:
    log_in(system.client, "bo@vakten.se", system.add_person("0180", "vakten", "bo@vakten.se"))
    answer = system.client.post("/app/mail", data={"csrf": "forged", "kind": "reminder", "on": "true"})
    assert answer.status_code == 403
    assert subscriptions(system, "reminder") == []
