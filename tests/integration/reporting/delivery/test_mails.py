"""Alert, feedback and reminder mail: each change of an alert mailed once to alert subscribers, the weekly
feedback mail once to those who asked for their organisation's, and a reminder once to those of an
organisation yet to report the week."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from embrace.contracts import Alert
from embrace.sqlstore.report_tables import ReportRun, Subscription
from embrace.sqlstore.subscriptions import subscribe, unsubscribe
from embrace.taxonomy import Taxonomy
from embrace.weeks import last_week, monday_of
from services.aggregate.sinks import ALERTS as ALERTS_TABLE
from services.reporting.delivery.kinds import due_week
from services.reporting.delivery.mail import mailer
from services.reporting.delivery.reminders import mail_reminders
from services.reporting.delivery.schedule import Scheduler
from tests.support.mail import Inbox
from tests.support.payloads import Week
from tests.support.system import System

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_each_change_of_an_alert_is_mailed_once_to_alert_subscribers(
    system: System, smtp: tuple[str, Inbox]
) -> None:
    url, inbox = smtp
    system.add_partner("0180", "kommunen")
    token = secrets.token_urlsafe(24)
    with system.sql_store.session() as session:
        session.add(Subscription(tenant="0180", email="jour@kommun.example", kind="alerts", token=token))
    send = mailer(url, "EMBRACE <larm@embrace.example>")
    schedule = Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), STOCKHOLM, send,
                         "https://embrace.example", {})  # fmt: skip
    raised = alert(version=1, retracted=False)
    ALERTS_TABLE.writer(system.warehouse)([raised])
    schedule.run_due(datetime.now(UTC))
    schedule.run_due(datetime.now(UTC))  # again: nothing new
    ALERTS_TABLE.writer(system.warehouse)([raised.model_copy(update={"version": 2, "retracted": True})])
    schedule.run_due(datetime.now(UTC))
    alerts = [m for m in inbox.mails if m["To"] == "jour@kommun.example"]
    subject = f"Larm: Klotter i centrum, vecka {raised.week}"
    assert [m["Subject"] for m in alerts] == [subject, f"Återkallat: {subject}"]
    assert "12 händelser" in alerts[0].get_content()
    with system.sql_store.session() as session:
        found = session.scalars(select(Subscription.alerts_read_until).where(Subscription.token == token))
        read = found.one()
    assert read is not None  # the next run reads from here (less a margin for late writes)
    assert abs(read - raised.occurred) < timedelta(milliseconds=1)


def test_an_alert_changed_while_unsubscribed_is_not_mailed_on_subscribing_again(
    system: System, smtp: tuple[str, Inbox]
) -> None:
    url, inbox = smtp
    system.add_partner("0180", "kommunen")
    with system.sql_store.session() as session:
        subscribe(session, "0180", "jour@kommun.example", "alerts")
    send = mailer(url, "EMBRACE <larm@embrace.example>")
    schedule = Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), STOCKHOLM, send,
                         "https://embrace.example", {})  # fmt: skip
    write = ALERTS_TABLE.writer(system.warehouse)
    write([alert(version=1, retracted=False)])
    schedule.run_due(datetime.now(UTC))
    with system.sql_store.session() as session:
        unsubscribe(session, "0180", "jour@kommun.example", "alerts")
    write([alert(version=2, retracted=False)])  # while nobody listens
    with system.sql_store.session() as session:
        subscribe(session, "0180", "jour@kommun.example", "alerts")
    schedule.run_due(datetime.now(UTC))
    write([alert(version=3, retracted=True)])
    schedule.run_due(datetime.now(UTC))
    subjects = [m["Subject"] for m in inbox.mails]
    assert [s.split(":")[0] for s in subjects] == ["Larm", "Återkallat"]  # versions 1 and 3


def alert(version: int, retracted: bool) -> Alert:
    now = datetime.now(UTC)
    return Alert(event_id=uuid.uuid5(uuid.NAMESPACE_URL, "alert"), tenant="0180", occurred=now, published=now,
                 version=version, retracted=retracted, rule="spike", severity="warning",
                 week=last_week(now), area_id="centrum", category="graffiti",
                 observed=12, expected=3, z=3.46, message="graffiti i centrum")  # fmt: skip


def test_the_feedback_mail_goes_once_a_week_to_those_who_asked_for_their_organisation(
    system: System, smtp: tuple[str, Inbox]
) -> None:
    """With the tasks still to do: one of the week the feedback looks at is late when it is read."""
    url, inbox = smtp
    key = system.add_partner("0180", "bostaden", "housing")
    chair = system.add_partner("0180", "kommunen", role="admin")
    now = datetime.now(UTC)
    due = Week(datetime.combine(monday_of(due_week(now, STOCKHOLM)), time(), STOCKHOLM))  # before six: W-2
    incidents = [{**due.incident("graffiti"), "location": {"area_id": "centrum"}}] * 3
    assert system.client.post("/v1/reports", json={"incidents": incidents},
                              headers={"X-API-Key": key}).status_code == 202  # fmt: skip
    task = {"organisation": "bostaden", "text": "Sanera klottret", "due_week": due.label}
    given = system.client.post(f"/v1/meetings/weekly/{due.label}", json={"tasks": [task]},
                               headers={"X-API-Key": chair})  # fmt: skip
    assert given.status_code == 200, given.text
    system.relay.drain()
    with system.sql_store.session() as session:
        session.add(Subscription(tenant="0180", email="vard@bostaden.example", kind="feedback",
                                 organisation="bostaden", token=secrets.token_urlsafe(24)))  # fmt: skip
    send = mailer(url, "EMBRACE <lagesbild@embrace.example>")
    schedule = Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), STOCKHOLM, send,
                         "https://embrace.example", {})  # fmt: skip
    schedule.run_due(now)
    schedule.run_due(now)  # again: nothing new, nothing mailed twice
    [mail] = [m for m in inbox.mails if m["To"] == "vard@bostaden.example"]
    assert mail["Subject"] == f"Återkoppling vecka {due_week(now, STOCKHOLM)} – Kommun 0180"
    [pdf] = [part for part in mail.walk() if part.get_content_type() == "application/pdf"]
    assert pdf.get_content().startswith(b"%PDF")
    with system.sql_store.session() as session:
        run = session.scalars(select(ReportRun).where(ReportRun.kind == "feedback")).one()
        mailed = run.body["organisations"]["bostaden"]
    assert mailed["reported"]["incidents"] == 3
    assert [(t["text"], t["late"]) for t in mailed["tasks"]] == [("Sanera klottret", True)]


def test_an_organisation_yet_to_report_the_week_is_reminded_once_when_its_report_is_made(
    system: System, smtp: tuple[str, Inbox]
) -> None:
    url, inbox = smtp
    now = datetime.now(UTC)
    week = due_week(now, STOCKHOLM)
    quiet = system.add_partner("0180", "vakten", "security")
    system.add_partner("0180", "bostaden")  # sends nothing at all
    nothing = {"reporting_week": week, "incidents": []}
    assert system.client.post("/v1/reports", json=nothing, headers={"X-API-Key": quiet}).status_code == 202
    system.relay.drain()
    with system.sql_store.session() as session:
        for organisation in ("vakten", "bostaden"):
            session.add(Subscription(tenant="0180", email=f"rapport@{organisation}.example", kind="reminder",
                                     organisation=organisation, token=secrets.token_urlsafe(24)))  # fmt: skip
    send = mailer(url, "EMBRACE <lagesbild@embrace.example>")
    early = mail_reminders(system.sql_store, send.raw, send.sender, "0180", week, "https://embrace.example")
    assert early == 0  # not late until the week's report is made
    schedule = Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), STOCKHOLM, send,
                         "https://embrace.example", {})  # fmt: skip
    schedule.run_due(now)
    schedule.run_due(now)  # again: reminded once
    [mail] = [m for m in inbox.mails if m["Subject"].startswith("Påminnelse")]
    assert (mail["To"], mail["Subject"]) == (
        "rapport@bostaden.example",
        f"Påminnelse: rapportera vecka {week} – Kommun 0180",
    )
    said = mail.get_content()
    assert f"Bostaden har inte rapporterat vecka {week} ännu" in said
    assert f"https://embrace.example/app/reports?week={week}" in said
    assert not [part for part in mail.walk() if part.get_content_type() == "application/pdf"]
