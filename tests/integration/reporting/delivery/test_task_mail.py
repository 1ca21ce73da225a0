"""The mail of new tasks: a task a meeting gives an organisation is mailed, once it has settled, to those
who asked for their organisation's tasks; once, never a task withdrawn before it was mailed, nor one given
before they asked; and they ask for it on Uppgifter."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest

from embrace.sqlstore.report_tables import Subscription
from embrace.sqlstore.subscriptions import subscribe as subscribe_to
from embrace.sqlstore.subscriptions import unsubscribe
from embrace.taxonomy import Taxonomy
from embrace.weeks import shift
from services.reporting.delivery.mail import mailer
from services.reporting.delivery.schedule import Scheduler
from services.reporting.delivery.task_mail import SETTLE
from tests.support.mail import Inbox
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth, form_token, log_in

THIS_WEEK = weeks_ago(0).label
PROBLEM = {"title": "Klotter vid skolan", "scope": {"categories": ["graffiti"]},
           "responsible_organisation": "bostaden"}  # fmt: skip


def subscribe(system: System, email: str, organisation: str, since: datetime, language: str = "sv") -> None:
    with system.sql_store.session() as session:
        token = secrets.token_urlsafe(24)
        session.add(Subscription(tenant="0180", email=email, kind="tasks", organisation=organisation,
                                 language=language, token=token, created_at=since))  # fmt: skip


def give(system: System, chair: dict[str, str], *tasks: dict[str, str]) -> list[str]:
    """The meeting of this week gives these tasks; their ids."""
    answer = system.client.post(
        f"/v1/meetings/weekly/{THIS_WEEK}", json={"tasks": list(tasks)}, headers=chair
    )
    assert answer.status_code == 200, answer.text
    given = system.client.get("/v1/tasks", headers=chair).json()["tasks"]
    return [t["event_id"] for t in given if t["text"] in {task["text"] for task in tasks}]


def schedule(system: System, url: str) -> Scheduler:
    send = mailer(url, "EMBRACE <uppgifter@embrace.example>")
    return Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), ZoneInfo("Europe/Stockholm"), send,
                     "https://embrace.example", {})  # fmt: skip


def to(inbox: Inbox, address: str) -> list[EmailMessage]:
    return [m for m in inbox.mails if m["To"] == address]


def text_of(mail: EmailMessage) -> str:
    return str(mail.get_content()).replace("\r\n", "\n")


def listed(mail: EmailMessage) -> list[str]:
    """The tasks a mail lists, by their first lines."""
    return [line for line in text_of(mail).splitlines() if line.startswith("– ")]


@pytest.fixture
def chair(system: System) -> dict[str, str]:
    """The chair's key, in the municipality; the housing company beside it, given tasks."""
    key = auth(system.add_partner("0180", "kommunen", role="admin"))
    system.add_partner("0180", "bostaden", kind="housing")
    return key


def test_a_task_given_is_mailed_once_it_has_settled_and_only_once(
    system: System, smtp: tuple[str, Inbox], chair: dict[str, str]
) -> None:
    url, inbox = smtp
    before = datetime.now(UTC) - timedelta(minutes=1)
    subscribe(system, "vard@bostaden.example", "bostaden", before)
    subscribe(system, "jour@kommunen.example", "kommunen", before, language="en")
    problem = system.client.post("/v1/problems", json=PROBLEM, headers=chair).json()["id"]
    due = shift(THIS_WEEK, 1)
    give(system, chair, {"organisation": "bostaden", "text": "Sanera klottret", "due_week": due,
                         "problem_id": problem})  # fmt: skip
    scheduler, now = schedule(system, url), datetime.now(UTC)
    scheduler.run_due(now)
    assert to(inbox, "vard@bostaden.example") == []  # not settled: the chair may still withdraw it
    scheduler.run_due(now + SETTLE)
    scheduler.run_due(now + 2 * SETTLE)  # again: mailed once
    [mail] = to(inbox, "vard@bostaden.example")
    assert mail["Subject"] == "Uppgifter till Bostaden – Kommun 0180"
    text = text_of(mail)
    assert f"– Sanera klottret\n  Klar vecka {due} · Klotter vid skolan · gavs på mötet {THIS_WEEK}" in text
    assert "https://embrace.example/app/tasks" in text
    assert mail["List-Unsubscribe"].startswith("<https://embrace.example/v1/subscriptions/unsubscribe?token=")
    assert to(inbox, "jour@kommunen.example") == []  # no task of its own


def test_a_task_withdrawn_at_once_or_given_before_subscribing_is_not_mailed(
    system: System, smtp: tuple[str, Inbox], chair: dict[str, str]
) -> None:
    url, inbox = smtp
    due = shift(THIS_WEEK, 1)
    give(system, chair, {"organisation": "bostaden", "text": "Innan", "due_week": due})
    subscribe(system, "vard@bostaden.example", "bostaden", datetime.now(UTC))
    [mistake] = give(system, chair, {"organisation": "bostaden", "text": "Fel", "due_week": due})
    assert system.client.delete(f"/v1/tasks/{mistake}", headers=chair).status_code == 200
    give(system, chair, {"organisation": "bostaden", "text": "Rätt", "due_week": due})
    schedule(system, url).run_due(datetime.now(UTC) + SETTLE)
    [mail] = to(inbox, "vard@bostaden.example")
    assert listed(mail) == ["– Rätt"]


def test_a_task_given_while_unsubscribed_is_not_mailed_on_subscribing_again(
    system: System, smtp: tuple[str, Inbox], chair: dict[str, str]
) -> None:
    url, inbox = smtp
    due, address = shift(THIS_WEEK, 1), "vard@bostaden.example"
    with system.sql_store.session() as session:
        subscribe_to(session, "0180", address, "tasks", organisation="bostaden")
        unsubscribe(session, "0180", address, "tasks")
    give(system, chair, {"organisation": "bostaden", "text": "Medan", "due_week": due})
    with system.sql_store.session() as session:
        subscribe_to(session, "0180", address, "tasks", organisation="bostaden")
    give(system, chair, {"organisation": "bostaden", "text": "Sedan", "due_week": due})
    schedule(system, url).run_due(datetime.now(UTC) + SETTLE)
    [mail] = to(inbox, address)
    assert listed(mail) == ["– Sedan"]


def test_a_partner_asks_for_its_tasks_by_mail_on_uppgifter(system: System) -> None:
    system.add_partner("0180", "bostaden", kind="housing")
    password = system.add_person("0180", "bostaden", "ali@bostaden.example")
    log_in(system.client, "ali@bostaden.example", password)
    page = system.client.get("/app/tasks").text
    assert "Vill du få ett mejl när ett möte ger Bostaden en uppgift?" in page
    asked = system.client.post("/app/mail", data={"csrf": form_token(page), "kind": "tasks", "on": "true",
                                                  "back": "tasks"}, follow_redirects=False)  # fmt: skip
    assert asked.status_code == 303
    assert asked.headers["location"] == "/app/tasks#mail"
    assert "Du får ett mejl till ali@bostaden.example när ett möte ger Bostaden en uppgift." in (
        system.client.get("/app/tasks").text
    )
    with system.sql_store.session() as session:
        [asked_for] = session.query(Subscription).filter_by(kind="tasks").all()
        assert (asked_for.email, asked_for.organisation) == ("ali@bostaden.example", "bostaden")
    assert "Nya uppgifter" in system.client.get("/app/mail").text
