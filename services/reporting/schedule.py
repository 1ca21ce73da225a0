"""Weekly reports on schedule: made once per tenant and week, archived, and mailed to each subscriber once.

A tenant's report for a week is due from Monday 06:00 (Europe/Stockholm) of the week after. The scheduler
asks what is due now: a run missed while the service was down is made when it is back, once, because a
run is archived under (tenant, kind, period) and a delivery under (run, subscriber). Mail goes out after
the archive is written; a crash between sending and recording may send one mail twice, never none.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter
from sqlalchemy import Select, select

from embrace.directory import Directory
from embrace.directory.report_tables import ReportDelivery, ReportRun, Subscription
from embrace.directory.tables import Tenant
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from embrace.weeks import label
from services.reporting.mail import Letter, message
from services.reporting.pages import render_pdf
from services.reporting.weekly_html import render_html
from services.reporting.weekly_report import WeeklyReport, weekly_report

log = logging.getLogger(__name__)
Send = Callable[[Letter], None]
_REPORT = TypeAdapter(WeeklyReport)


@dataclass(frozen=True)
class RunTime:
    weekday: int = 0  # Monday
    hour: int = 6


def due_week(now: datetime, zone: ZoneInfo, at: RunTime = RunTime()) -> str:
    """The week whose report is due at ``now``: last week once this week's run time has passed."""
    local = now.astimezone(zone)
    this_monday = local.date() - timedelta(days=local.weekday())
    run = datetime.combine(this_monday + timedelta(days=at.weekday), time(at.hour), zone)
    reported = this_monday - timedelta(days=7 if local >= run else 14)
    return label(reported)


@dataclass
class Scheduler:
    directory: Directory
    warehouse: Warehouse
    taxonomy: Taxonomy
    zone: ZoneInfo
    send: Send | None  # None: no mail server, reports are only archived
    public_url: str
    times: dict[str, RunTime]

    def run_due(self, now: datetime) -> list[tuple[str, str]]:
        """Make the reports due at ``now`` that are not archived yet, then mail what is unsent."""
        made = []
        with self.directory.session() as session:
            tenants = [(t.code, t.name) for t in session.scalars(select(Tenant))]
        for code, name in tenants:
            week = due_week(now, self.zone, self.times.get(code, RunTime()))
            if self._archive(code, week):
                made.append((code, week))
            if self.send is not None:
                self._deliver(code, name, week)
        return made

    def _archive(self, tenant: str, week: str) -> bool:
        with self.directory.session() as session:
            if session.scalars(_run(tenant, week)).first():
                return False
        body = _REPORT.dump_python(weekly_report(self.warehouse, tenant, week), mode="json")
        with self.directory.session() as session:
            session.add(ReportRun(tenant=tenant, kind="weekly", period=week, body=body))
        log.info("archived the weekly report of %s for %s", tenant, week)
        return True

    def _deliver(self, tenant: str, name: str, week: str) -> None:
        assert self.send is not None
        with self.directory.session() as session:
            run = session.scalars(_run(tenant, week)).one()
            sent = select(ReportDelivery.subscription_id).where(ReportDelivery.run_id == run.id)
            waiting = session.scalars(select(Subscription).where(
                Subscription.tenant == tenant, Subscription.kind == "weekly", Subscription.active,
                Subscription.id.not_in(sent))).all()  # fmt: skip
            report, run_id = _REPORT.validate_python(run.body), run.id
            pending = [(s.id, s.email, s.language, s.token, s.external) for s in waiting]
        for subscription_id, email, language, token, external in pending:
            html = render_html(report, self.taxonomy, language, name, protect=external)  # type: ignore[arg-type]
            self.send(
                Letter(
                    email,
                    language,
                    week,
                    name,
                    f"{self.public_url}/lagesbild?week={week}",
                    f"{self.public_url}/v1/subscriptions/unsubscribe?token={token}",
                    render_pdf(html),
                )
            )
            with self.directory.session() as session:
                session.add(ReportDelivery(run_id=run_id, subscription_id=subscription_id))


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


def _run(tenant: str, week: str) -> Select[ReportRun]:
    return select(ReportRun).where(
        ReportRun.tenant == tenant, ReportRun.kind == "weekly", ReportRun.period == week
    )


def mailer(smtp_url: str, sender: str) -> Send:
    from services.reporting.mail import send

    return lambda letter: send(smtp_url, message(letter, sender))
