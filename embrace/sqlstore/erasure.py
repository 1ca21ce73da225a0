"""A person forgotten, on request (the right to erasure): everything the platform holds of them by their
e-mail address. Their account, its sessions and its draft go, and so do their mail subscriptions in
every tenant, with the record of what was mailed to them. What they reported or wrote in the loop stays
with their organisation: the platform keeps it by organisation, never by person.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from embrace.errors import OperatorError
from embrace.sqlstore.accounts import end_sessions
from embrace.sqlstore.report_tables import AlertDelivery, ReportDelivery, Subscription, TaskNotice
from embrace.sqlstore.tables import Draft, User


@dataclass(frozen=True)
class Forgotten:
    account: bool
    subscriptions: int


def forget_person(session: Session, email: str) -> Forgotten:
    """Remove the person with ``email`` and their subscriptions; what was removed. Nobody known by that
    address is an error, so that a mistyped address is not taken for done."""
    address = email.strip().lower()
    user = session.scalars(select(User).where(User.email == address)).first()
    if user is not None:
        end_sessions(session, user.id)
        session.execute(delete(Draft).where(Draft.user_id == user.id))
        session.delete(user)
    ids = list(session.scalars(select(Subscription.id).where(Subscription.email == address)))
    for mailed in (ReportDelivery, AlertDelivery, TaskNotice):
        session.execute(delete(mailed).where(mailed.subscription_id.in_(ids)))
    session.execute(delete(Subscription).where(Subscription.id.in_(ids)))
    if user is None and not ids:
        raise OperatorError(f"nobody has the e-mail address {email}, as a person or a subscriber")
    return Forgotten(account=user is not None, subscriptions=len(ids))
