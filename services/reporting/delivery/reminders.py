"""The reminder to report: once a week's report is made, each organisation that has not reported the week
is reminded by mail, once per subscriber and week, with the links to report its incidents or to say it had
nothing to report. A late report makes the week's report again (reissue.py), so the reminder still helps
the meeting. Subscribers ask for it for their organisation, as for the feedback mail; the week's run keeps
which organisations were reminded."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace import i18n
from embrace.sqlstore import SqlStore
from embrace.sqlstore.registry import names_of
from embrace.sqlstore.report_tables import ReportDelivery, ReportRun, Subscription, run_of
from embrace.sqlstore.subscriptions import REMINDER
from services.reporting.delivery.kinds import WEEKLY
from services.reporting.weekly.partners import not_reported


def mail_reminders(sql_store: SqlStore, send: Callable[[EmailMessage], None], sender: str, tenant: str,
                   week: str, public_url: str) -> int:  # fmt: skip
    """Remind the subscribers of every organisation yet to report ``week``; how many were mailed."""
    with sql_store.session() as session:
        if session.scalars(run_of(tenant, WEEKLY.name, week)).first() is None:
            return 0  # the week is not late until its report is made without them
        pending = _pending(session, tenant, week)
        names = names_of(session, tenant)
    links = {"report": f"{public_url}/app/report", "nothing": f"{public_url}/app/reports?week={week}"}
    for subscription_id, run_id, to, language, token, organisation in pending:
        named = names.organisations.get(organisation, organisation)
        words = {**links, "week": week, "tenant": names.tenant, "organisation": named,
                 "unsubscribe": f"{public_url}/v1/subscriptions/unsubscribe?token={token}"}  # fmt: skip
        said = i18n.spoken(language)
        mail = EmailMessage()
        mail["From"], mail["To"] = sender, to
        mail["Subject"] = i18n.gettext("reminder_mail.subject", said, **words)
        mail["List-Unsubscribe"] = f"<{words['unsubscribe']}>"
        mail.set_content(i18n.gettext("reminder_mail.text", said, **words))
        send(mail)
        with sql_store.session() as session:
            session.add(ReportDelivery(run_id=run_id, subscription_id=subscription_id))
    return len(pending)


def _pending(session: Session, tenant: str, week: str) -> list[tuple[int, int, str, str, str, str]]:
    """The subscriptions of organisations yet to report, not yet reminded, with the week's run."""
    late = not_reported(session, tenant, week)
    waiting = session.scalars(select(Subscription).where(
        Subscription.tenant == tenant, Subscription.kind == REMINDER, Subscription.active,
        Subscription.organisation.in_(late))).all()  # fmt: skip
    if not waiting:
        return []
    run = session.scalars(run_of(tenant, REMINDER, week)).first()
    if run is None:
        run = ReportRun(tenant=tenant, kind=REMINDER, period=week, body={"organisations": late})
        session.add(run)
        session.flush()
    sent = set(session.scalars(select(ReportDelivery.subscription_id).where(ReportDelivery.run_id == run.id)))
    return [(s.id, run.id, s.email, s.language, s.token, str(s.organisation)) for s in waiting
            if s.id not in sent]  # fmt: skip
