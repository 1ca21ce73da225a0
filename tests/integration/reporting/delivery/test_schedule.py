"""Weekly reports on schedule: made once per tenant and week when due (a missed run when the service is
back), archived, mailed with the PDF to each subscriber once through a real SMTP server on loopback, small
counts protected for external subscribers, and an unsubscribe link that works; and what people wrote in a
report forgotten once it has come of age."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from embrace.sqlstore.loop_tables import StoredMeeting
from embrace.sqlstore.report_tables import ReportDelivery, ReportRun, ReportRunVersion, Subscription
from embrace.taxonomy import Taxonomy
from embrace.weeks import monday_of
from services.reporting.delivery.kinds import due_quarter, due_week
from services.reporting.delivery.mail import mailer
from services.reporting.delivery.schedule import Scheduler
from services.reporting.quarterly.quarters import shift as shift_quarter
from tests.support.mail import Inbox
from tests.support.payloads import steady_now, weeks_ago
from tests.support.system import System

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def subscribe(system: System, address: str, *, external: bool = False, language: str = "sv") -> str:
    token = secrets.token_urlsafe(24)
    with system.sql_store.session() as session:
        session.add(Subscription(tenant="0180", email=address, kind="weekly", external=external,
                                 language=language, token=token))  # fmt: skip
    return token


def test_no_report_is_made_while_accepted_records_are_still_on_their_way(system: System) -> None:
    key = system.add_partner("0180", "kommunen")
    incidents = [{**weeks_ago(1).incident("graffiti"), "location": {"area_id": "centrum"}}] * 4
    assert system.client.post("/v1/reports", json={"incidents": incidents},
                              headers={"X-API-Key": key}).status_code == 202  # fmt: skip
    schedule = Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), STOCKHOLM, None, "", {})
    local = datetime.now(STOCKHOLM)
    monday_six = (local - timedelta(days=local.weekday())).replace(hour=6, minute=1, second=0, microsecond=0)
    now = max(local, monday_six)  # last week is due
    assert schedule.run_due(now) == []  # in the outbox still: a report now would count none of them
    system.relay.drain()
    assert schedule.run_due(now)[0] == ("0180", due_week(now, STOCKHOLM))
    with system.sql_store.session() as session:
        weekly = session.scalars(select(ReportRun).where(ReportRun.kind == "weekly")).one()
        assert weekly.body["totals"]["incidents"] == 4


def test_a_late_report_reissues_the_week_as_a_new_version_and_the_archive_keeps_the_first(
    system: System,
) -> None:
    prompt, late = system.add_partner("0180", "kommunen"), system.add_partner("0180", "bostaden", "housing")
    system.add_partner("0180", "vakten", "security")
    incidents = [{**weeks_ago(1).incident("graffiti"), "location": {"area_id": "centrum"}}]
    schedule = Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), STOCKHOLM, None, "", {})
    now = steady_now(timedelta(minutes=2))
    week = due_week(now, STOCKHOLM)
    assert week == weeks_ago(1).label or now.astimezone(STOCKHOLM).weekday() == 0  # Monday before six
    assert system.client.post("/v1/reports", json={"incidents": incidents * 3},
                              headers={"X-API-Key": prompt}).status_code == 202  # fmt: skip
    system.relay.drain()
    schedule.run_due(now)
    with system.sql_store.session() as session:
        first = session.scalars(select(ReportRun).where(ReportRun.kind == "weekly")).one()
        silent = ["bostaden", "vakten"] if week == weeks_ago(1).label else ["bostaden", "kommunen", "vakten"]
        assert (first.version, first.body["not_reported"]) == (1, silent)  # before six on a Monday: W-2
    assert schedule.run_due(now + timedelta(minutes=1)) == []  # nothing came in: not made again
    if week != weeks_ago(1).label:
        return  # early on a Monday the due week is the week before last, which no late report reaches
    assert system.client.post("/v1/reports", json={"incidents": incidents * 2},
                              headers={"X-API-Key": late}).status_code == 202  # fmt: skip
    system.relay.drain()
    assert ("0180", week) in schedule.run_due(now + timedelta(minutes=2))
    with system.sql_store.session() as session:
        run = session.scalars(select(ReportRun).where(ReportRun.kind == "weekly")).one()
        assert (run.version, run.body["totals"]["incidents"], run.body["not_reported"]) == (2, 5, ["vakten"])
        [kept] = session.scalars(select(ReportRunVersion)).all()
        assert (kept.version, kept.body["totals"]["incidents"]) == (1, 3)


def test_a_report_is_made_archived_and_mailed_once_to_each_subscriber(
    system: System, smtp: tuple[str, Inbox]
) -> None:
    url, inbox = smtp
    now = steady_now(timedelta(minutes=1))
    key = reported_week_and_its_meeting(system, now)
    own = subscribe(system, "samordnare@kommun.example")
    subscribe(system, "forskare@universitet.example", external=True, language="en")
    send = mailer(url, "EMBRACE <lagesbild@embrace.example>")
    schedule = Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), STOCKHOLM, send,
                         "https://embrace.example", {})  # fmt: skip
    week, quarter = due_week(now, STOCKHOLM), due_quarter(now, STOCKHOLM)
    assert schedule.run_due(now) == [("0180", week), ("0180", quarter)]
    assert schedule.run_due(now) == []  # again: nothing new, nothing mailed twice
    archive = system.client.get("/v1/situation/archive", headers={"X-API-Key": key}).json()
    assert {(run["kind"], run["period"]) for run in archive} == {("weekly", week), ("quarterly", quarter)}
    with system.sql_store.session() as session:
        runs = session.scalars(select(ReportRun.kind)).all()
        assert sorted(runs) == ["effects", "outlook", "quarterly", "weekly"]  # and the dashboards' runs
        assert session.scalar(select(func.count()).select_from(ReportDelivery)) == 2
    assert sorted(m["To"] for m in inbox.mails) == [
        "forskare@universitet.example",
        "samordnare@kommun.example",
    ]
    mine = next(m for m in inbox.mails if m["To"].startswith("samordnare"))
    assert mine["Subject"] == f"Lägesbild vecka {week} – Kommun 0180"
    pdf, *minutes = [part for part in mine.walk() if part.get_content_type() == "application/pdf"]
    assert pdf.get_content().startswith(b"%PDF")
    assert [m.get_filename() for m in minutes] == [
        f"embrace-meeting-{week}.pdf",  # the tasks given
        f"embrace-meeting-{quarter}.pdf",  # the priorities decided that week, not those recorded since
    ]
    assert all(m.get_content().startswith(b"%PDF") for m in minutes)
    theirs = next(m for m in inbox.mails if m["To"].startswith("forskare"))
    assert len([p for p in theirs.walk() if p.get_content_type() == "application/pdf"]) == 1  # no minutes
    unsubscribing_works(system, mine, own)


def reported_week_and_its_meeting(system: System, now: datetime) -> str:
    """Last week's report, and the minutes of the meeting held in the week after; a key of the tenant."""
    key = system.add_partner("0180", "kommunen")
    incidents = [{**weeks_ago(1).incident("graffiti"), "location": {"area_id": "centrum"}}] * 7
    sent = system.client.post("/v1/reports", json={"incidents": incidents}, headers={"X-API-Key": key})
    assert sent.status_code == 202
    chair = system.add_partner("0180", "kommunen", role="admin")
    minutes = {
        "decisions": [{"text": "Sanera klotter vid skolan"}],
        "tasks": [{"organisation": "kommunen", "text": "Beställ sanering", "due_week": weeks_ago(0).label}],
    }
    week = due_week(now, STOCKHOLM)
    meeting = f"/v1/meetings/weekly/{week}"  # held in the report's week
    assert system.client.post(meeting, json=minutes, headers={"X-API-Key": chair}).status_code == 200
    quarters_meetings(system, chair, week, now)
    system.relay.drain()
    return key


def unsubscribing_works(system: System, mail: EmailMessage, token: str) -> None:
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    assert f"https://embrace.example/v1/subscriptions/unsubscribe?token={token}" in body.get_content()
    left = system.client.get(f"/v1/subscriptions/unsubscribe?token={token}")
    assert left.status_code == 200
    assert "Du får inte längre veckans lägesbild för Kommun 0180." in left.text
    with system.sql_store.session() as session:
        assert session.scalars(select(Subscription.active).where(Subscription.token == token)).one() is False
    assert system.client.get(f"/v1/subscriptions/unsubscribe?token={'x' * 20}").status_code == 404


def quarters_meetings(system: System, chair: str, week: str, now: datetime) -> None:
    """A quarterly meeting recorded in the report's week (on its Tuesday), and one recorded since."""
    then = due_quarter(now, STOCKHOLM)
    since = shift_quarter(then, -1)
    for quarter in (then, since):
        minutes = {"decisions": [{"text": "Torget prioriteras"}]}
        answer = system.client.post(f"/v1/meetings/quarterly/{quarter}", json=minutes,
                                    headers={"X-API-Key": chair})  # fmt: skip
        assert answer.status_code == 200, answer.text
    tuesday = datetime.combine(monday_of(week) + timedelta(days=1), time(10), STOCKHOLM)
    with system.sql_store.session() as session:
        session.execute(update(StoredMeeting).where(StoredMeeting.period == then).values(updated_at=tuesday))


def test_the_schedule_forgets_what_people_wrote_once_it_has_come_of_age(system: System) -> None:
    key = system.add_partner("0180", "kommunen")
    written = {
        **weeks_ago(1).incident("graffiti"),
        "location": {"area_id": "centrum"},
        "description": "Klotter",
    }
    answer = system.client.post("/v1/reports", json={"incidents": [written]}, headers={"X-API-Key": key})
    system.relay.drain()
    schedule = Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), STOCKHOLM, None, "", {},
                         free_text_days=1)  # fmt: skip
    schedule.run_due(datetime.now(UTC) + timedelta(hours=12))
    kept = system.client.get(answer.headers["Location"], headers={"X-API-Key": key}).json()
    assert kept["incidents"][0]["description"] == "Klotter"  # half a day: still kept
    schedule.run_due(datetime.now(UTC) + timedelta(days=2))
    kept = system.client.get(answer.headers["Location"], headers={"X-API-Key": key}).json()
    assert kept["incidents"][0].get("description") is None
    assert (kept["incidents"][0]["category"], kept["incidents"][0]["location"]["area_id"]) == (
        "graffiti",
        "centrum",
    )
