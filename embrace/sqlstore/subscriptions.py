"""Who is mailed what: one subscription per tenant, address and kind, ended by its unsubscribe link and
taken up again by subscribing again."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.sqlstore.report_tables import Subscription

REMINDER = "reminder"  # the kind an organisation's people subscribe to, to be told it has not reported
TASK_MAIL = "tasks"  # the kind an organisation's people subscribe to, to be told of a task given to it
KINDS = ("weekly", "quarterly", "alerts", "feedback", TASK_MAIL, REMINDER)  # what the platform mails
ORGANISATIONS_OWN = ("feedback", TASK_MAIL, REMINDER)  # mails about one organisation: subscribed with it


def subscribe(session: Session, tenant: str, email: str, kind: str, *, organisation: str | None = None,
              external: bool = False, language: str = "sv") -> bool:  # fmt: skip
    """Subscribe ``email``, on these terms; False if it was subscribed already and stays as it was."""
    email = email.strip().lower()
    found = subscription_of(session, tenant, email, kind)
    if found is not None and found.active:
        return False
    if found is None:
        found = Subscription(tenant=tenant, email=email, kind=kind, token=secrets.token_urlsafe(24))
        session.add(found)
    found.organisation, found.external, found.language, found.active = organisation, external, language, True
    found.since = datetime.now(UTC)  # taken up again: nothing from while it was ended
    return True


def unsubscribe(session: Session, tenant: str, email: str, kind: str) -> None:
    found = subscription_of(session, tenant, email, kind)
    if found is not None:
        found.active = False


def subscribed(session: Session, tenant: str, email: str, kind: str) -> bool:
    found = subscription_of(session, tenant, email, kind)
    return found is not None and found.active


def subscription_of(session: Session, tenant: str, email: str, kind: str) -> Subscription | None:
    query = select(Subscription).where(
        Subscription.tenant == tenant, Subscription.email == email.strip().lower(), Subscription.kind == kind
    )
    return session.scalars(query).first()
