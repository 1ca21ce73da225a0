"""The mail of new tasks: when a meeting gives an organisation a task, those who asked for its task mail
learn of it the same day, not with the next week's feedback, when the task may already be due.

A task is mailed once it is :data:`SETTLE` old, so that minutes saved in several steps go in one mail
and a task withdrawn at once is never mailed; to each subscriber once (``task_notices``), and only if it
was given since they subscribed (or subscribed again) and is still to do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace import i18n
from embrace.contracts.loop import Task
from embrace.messages import Language
from embrace.naming import labeller
from embrace.sqlstore import SqlStore
from embrace.sqlstore.registry import names_of
from embrace.sqlstore.report_tables import Subscription, TaskNotice
from embrace.sqlstore.subscriptions import TASK_MAIL
from embrace.taxonomy import Taxonomy
from services.reporting.problems.records import LEDGER as PROBLEMS
from services.reporting.tasks.records import STILL_TO_DO, tasks_of

SETTLE = timedelta(minutes=10)
SendMail = Callable[[EmailMessage], None]


def mail_new_tasks(sql_store: SqlStore, taxonomy: Taxonomy, send: SendMail, sender: str, tenant: str,
                   now: datetime, public_url: str) -> int:  # fmt: skip
    """Mail each task subscriber of ``tenant`` the tasks given to its organisation and not yet mailed to
    it; the number of mails sent."""
    with sql_store.session() as session:
        subscribers = session.scalars(select(Subscription).where(
            Subscription.tenant == tenant, Subscription.kind == TASK_MAIL, Subscription.active,
            Subscription.organisation.is_not(None))).all()  # fmt: skip
        if not subscribers:
            return 0
        settled = [t for t in tasks_of(session, tenant)
                   if t.status in STILL_TO_DO and t.published <= now - SETTLE]  # fmt: skip
        given = {s.id: _new(session, s, settled) for s in subscribers}
        if not any(given.values()):
            return 0
        names = names_of(session, tenant)
        problems = {p.event_id: p.title for p in PROBLEMS.every(session, tenant)}
        letters = [(s.id, s.email, s.language, s.token, str(s.organisation)) for s in subscribers]
    mailed = 0
    for subscription, email, language, token, organisation in letters:
        if not given[subscription]:
            continue
        said = i18n.spoken(language)
        unsubscribe = f"{public_url}/v1/subscriptions/unsubscribe?token={token}"
        label = labeller(taxonomy, said, names)
        lines = [_line(t, said, label, problems) for t in given[subscription]]
        named = names.organisations.get(organisation, organisation)
        words = {"organisation": named, "tenant": names.tenant, "tasks": "\n".join(lines),
                 "link": f"{public_url}/app/tasks", "unsubscribe": unsubscribe}  # fmt: skip
        send(_mail(sender, email, said, words))
        with sql_store.session() as session:
            session.add_all(TaskNotice(subscription_id=subscription, task_id=str(t.event_id))
                            for t in given[subscription])  # fmt: skip
        mailed += 1
    return mailed


def _new(session: Session, subscription: Subscription, settled: list[Task]) -> list[Task]:
    """Of the tenant's ``settled`` tasks still to do, the subscriber's organisation's given since it
    subscribed and not yet mailed to it."""
    noticed = set(session.scalars(
        select(TaskNotice.task_id).where(TaskNotice.subscription_id == subscription.id)))  # fmt: skip
    return [t for t in settled if t.organisation == subscription.organisation
            and t.published >= subscription.began and str(t.event_id) not in noticed]  # fmt: skip


def _line(task: Task, language: Language, label: Callable[[str, str], str], problems: dict[UUID, str]) -> str:
    about = [label("area", task.area_id)] if task.area_id else []
    about += [problems[task.problem_id]] if task.problem_id in problems else []
    return i18n.gettext("task_mail.line", language, text=task.text, week=task.due_week,
                        meeting=task.meeting, about="".join(f" · {a}" for a in about))  # fmt: skip


def _mail(sender: str, to: str, language: Language, words: dict[str, str]) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"] = sender, to
    mail["Subject"] = i18n.gettext("task_mail.subject", language, **words)
    mail["List-Unsubscribe"] = f"<{words['unsubscribe']}>"
    mail.set_content(i18n.gettext("task_mail.text", language, **words))
    return mail
