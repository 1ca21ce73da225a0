"""Reports on schedule: made once per tenant and period, archived, and mailed to each subscriber once.

A tenant's weekly report is due from Monday 06:00 (Europe/Stockholm) of the week after, its quarterly
analysis from 06:00 of the first weekday after the quarter (kinds.py). The scheduler
asks what is due now: a run missed while the service was down is made when it is back, once, because a
run is archived under (tenant, kind, period) and a delivery under (run, subscriber). Mail goes out after
the archive is written; a crash between sending and recording may send one mail twice, never none.

A report is never made while accepted records still wait in the outbox for the pipeline: it would be
archived without them, and an archived report is not made again. The scheduler asks again a minute later.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from zoneinfo import ZoneInfo

from prometheus_client import CollectorRegistry, Counter
from sqlalchemy import select

from embrace.record import Record
from embrace.settings import FREE_TEXT_DAYS
from embrace.sqlstore import SqlStore
from embrace.sqlstore.outbox import backlog, enqueue
from embrace.sqlstore.registry import list_tenants, names_of
from embrace.sqlstore.report_tables import ReportDelivery, ReportRun, Subscription, run_of
from embrace.sqlstore.retention import forget_what_came_of_age
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from services.reporting.delivery.alerts import mail_alerts
from services.reporting.delivery.feedback_mail import mail_feedback
from services.reporting.delivery.kinds import KINDS, WEEKLY, Body, ReportKind, RunTime, due_week
from services.reporting.delivery.mail import Letter, Mailer
from services.reporting.delivery.published import PUBLISHED
from services.reporting.delivery.reissue import reissue
from services.reporting.delivery.reminders import mail_reminders
from services.reporting.delivery.task_mail import mail_new_tasks
from services.reporting.meetings.minutes_page import minutes_pdfs
from services.reporting.pages import render_pdf

log = logging.getLogger(__name__)
Make = Callable[[date], tuple[Body, list[Record]]]  # a run's archived body and its outbox records


@dataclass
class Scheduler:
    sql_store: SqlStore
    warehouse: Warehouse
    taxonomy: Taxonomy
    zone: ZoneInfo
    send: Mailer | None  # None: no mail server, reports are only archived
    public_url: str
    times: dict[str, RunTime]
    registry: CollectorRegistry | None = None  # where report runs and mails are counted
    free_text_days: int = FREE_TEXT_DAYS  # what people wrote in a report is forgotten after these

    def __post_init__(self) -> None:
        registry = self.registry or CollectorRegistry()
        self._runs = Counter("embrace_report_runs", "Reports made and archived, by kind.", ["kind"],
                             registry=registry)  # fmt: skip
        self._mailed = Counter(
            "embrace_report_mails", "Report mails sent, by kind.", ["kind"], registry=registry
        )

    def run_due(self, now: datetime) -> list[tuple[str, str]]:
        """Forget what has come of age, make the reports due at ``now`` that are not archived yet, then
        mail what is unsent."""
        forget_what_came_of_age(self.sql_store, now, self.free_text_days)
        with self.sql_store.session() as session:
            tenants = [(t.code, t.name) for t in list_tenants(session)]
        made = [] if self._in_flight() else self._make_due(now, tenants)
        if self.send is not None:
            for kind in KINDS:
                for code, name in tenants:
                    self._deliver(kind, code, name, kind.due(now, self.zone, self.times.get(code, RunTime())))
            for code, name in tenants:
                self._mail_partners(code, name, now)
            alerts = mail_alerts(self.sql_store, self.warehouse, self.taxonomy, self.send.raw,
                                 self.send.sender, self.public_url)  # fmt: skip
            self._mailed.labels("alerts").inc(alerts)
        return made

    def _mail_partners(self, tenant: str, name: str, now: datetime) -> None:
        """The mail of each organisation's own: its feedback, a reminder to report, its new tasks."""
        assert self.send is not None
        sender, week = self.send.sender, due_week(now, self.zone, self.times.get(tenant, RunTime()))
        mailed = mail_feedback(self.sql_store, self.warehouse, self.send, tenant, name, week, self.public_url)
        self._mailed.labels("feedback").inc(mailed)
        reminded = mail_reminders(self.sql_store, self.send.raw, sender, tenant, week, self.public_url)
        self._mailed.labels("reminder").inc(reminded)
        told = mail_new_tasks(
            self.sql_store, self.taxonomy, self.send.raw, sender, tenant, now, self.public_url
        )
        self._mailed.labels("tasks").inc(told)

    def _make_due(self, now: datetime, tenants: list[tuple[str, str]]) -> list[tuple[str, str]]:
        made = []
        for code, _ in tenants:
            week = due_week(now, self.zone, self.times.get(code, RunTime()))
            for name, make in PUBLISHED.items():
                self._archive(
                    name, code, week, now, partial(make, self.sql_store, self.warehouse, code, week)
                )
        for kind in KINDS:
            for code, _ in tenants:
                period = kind.due(now, self.zone, self.times.get(code, RunTime()))
                report = partial(self._report, kind, code, period)
                if self._archive(kind.name, code, period, now, report) or (
                    kind is WEEKLY and reissue(self.sql_store, self.warehouse, code, period, now)
                ):
                    made.append((code, period))
        return made

    def _report(self, kind: ReportKind, tenant: str, period: str, today: date) -> tuple[Body, list[Record]]:
        return kind.make(self.sql_store, self.warehouse, tenant, period, today), []

    def _in_flight(self) -> bool:
        with self.sql_store.session() as session:
            waiting = backlog(session)
        if waiting:
            log.info("%d records still on their way to the warehouse: reports wait for them", waiting)
        return waiting > 0

    def _archive(self, kind: str, tenant: str, period: str, now: datetime, make: Make) -> bool:
        """Make and archive a run unless it is archived already; what it puts on the outbox goes in the
        same transaction, so a run is made once."""
        with self.sql_store.session() as session:
            if session.scalars(run_of(tenant, kind, period)).first():
                return False
        body, records = make(now.astimezone(self.zone).date())
        with self.sql_store.session() as session:
            session.add(ReportRun(tenant=tenant, kind=kind, period=period, body=body))
            enqueue(session, records)
        self._runs.labels(kind).inc()
        log.info("archived the %s run of %s for %s", kind, tenant, period)
        return True

    def _deliver(self, kind: ReportKind, tenant: str, name: str, period: str) -> None:
        assert self.send is not None
        with self.sql_store.session() as session:
            run = session.scalars(run_of(tenant, kind.name, period)).first()
            if run is None:  # not made yet: data was still in flight
                return
            sent = select(ReportDelivery.subscription_id).where(ReportDelivery.run_id == run.id)
            waiting = session.scalars(select(Subscription).where(
                Subscription.tenant == tenant, Subscription.kind == kind.name, Subscription.active,
                Subscription.id.not_in(sent))).all()  # fmt: skip
            body, run_id, names = run.body, run.id, names_of(session, tenant)
            pending = [(s.id, s.email, s.language, s.token, s.external) for s in waiting]
        for subscription_id, email, language, token, external in pending:
            page = kind.page(body, self.taxonomy, language, names, external)  # type: ignore[arg-type]
            unsubscribe = f"{self.public_url}/v1/subscriptions/unsubscribe?token={token}"
            link = f"{self.public_url}{kind.path}{period}"
            minutes = self._minutes(kind, tenant, period, language, external)
            self.send(Letter(email, language, kind.name, period, name, link, unsubscribe, render_pdf(page),
                             minutes))  # fmt: skip
            with self.sql_store.session() as session:
                session.add(ReportDelivery(run_id=run_id, subscription_id=subscription_id))
            self._mailed.labels(kind.name).inc()

    def _minutes(self, kind: ReportKind, tenant: str, period: str, language: str,
                 external: bool) -> dict[str, bytes]:  # fmt: skip
        """The meetings' minutes that go with a week's report, to the tenant's own organisations only."""
        if external or kind is not WEEKLY:
            return {}
        return minutes_pdfs(
            self.sql_store, self.warehouse, self.taxonomy, tenant, period, language, self.zone
        )


def keep_running(
    scheduler: Scheduler, stop: threading.Event, every_seconds: float = 60.0
) -> threading.Thread:
    """Run what is due every minute until ``stop`` is set; a failure is logged and tried again."""

    def loop() -> None:
        while not stop.is_set():
            try:
                scheduler.run_due(datetime.now(UTC))
            except Exception:
                log.exception("the report schedule failed; it tries again in %.0f s", every_seconds)
            stop.wait(every_seconds)

    thread = threading.Thread(target=loop, name="report-schedule", daemon=True)
    thread.start()
    return thread
