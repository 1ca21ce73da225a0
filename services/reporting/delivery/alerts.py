"""Spike alerts by mail, for subscribers of the kind "alerts": each change of an alert (raised, updated,
closed, withdrawn) made since they subscribed (or subscribed again), once, in their language.

Each run reads only what is new: the changes since a subscription was last read (less
:data:`OVERLAP`, for a change a worker wrote late), checked against the deliveries of those alerts alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select

from embrace import i18n
from embrace.messages import Language
from embrace.naming import labeller
from embrace.sqlstore import SqlStore
from embrace.sqlstore.report_tables import AlertDelivery, Subscription
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from services.reporting.pages import number, tenant_names

CHANGES = """
SELECT toString(alert_id), version, retracted, closed, week, category, area_id, observed, expected, z,
       occurred
FROM {db}.alerts FINAL WHERE tenant = {tenant:String} AND occurred >= {since:DateTime64(3)}
ORDER BY week, category, area_id
"""
OVERLAP = timedelta(minutes=15)
PARTS = ("subject", "body", "in_area", "withdrawn", "final")  # of an alert mail, in the catalogues
SendMail = Callable[[EmailMessage], None]
Label = Callable[[str, str], str]  # how a code of a dimension reads (embrace.naming.labeller)


@dataclass(frozen=True)
class _Subscriber:
    id: int
    tenant: str
    address: str
    language: str
    unsubscribe: str
    since: datetime


def mail_alerts(sql_store: SqlStore, warehouse: Warehouse, taxonomy: Taxonomy, send: SendMail, sender: str,
                unsubscribe_base: str) -> int:  # fmt: skip
    """Mail every alert change not yet mailed to each alert subscriber; the number of mails sent."""
    count = 0
    for subscriber in _subscribers(sql_store, unsubscribe_base):
        changes = warehouse.query(CHANGES, {"tenant": subscriber.tenant, "since": subscriber.since})
        sent = _sent(sql_store, subscriber.id, {change[0] for change in changes})
        speech = i18n.spoken(subscriber.language)
        label = labeller(taxonomy, speech, tenant_names(sql_store, subscriber.tenant) if changes else None)
        for change in (c for c in changes if (c[0], c[1]) not in sent):
            send(_mail(change, subscriber, speech, label, sender))
            with sql_store.session() as session:
                session.add(AlertDelivery(subscription_id=subscriber.id, alert_id=change[0],
                                          version=change[1]))  # fmt: skip
            count += 1
        if changes:
            _read_until(sql_store, subscriber.id, max(change[-1] for change in changes))
    return count


def _read_until(sql_store: SqlStore, subscription: int, until: datetime) -> None:
    with sql_store.session() as session:
        found = session.get(Subscription, subscription)
        if found is not None:
            found.alerts_read_until = until


def _subscribers(sql_store: SqlStore, unsubscribe_base: str) -> list[_Subscriber]:
    with sql_store.session() as session:
        return [_Subscriber(s.id, s.tenant, s.email, s.language,
                            f"{unsubscribe_base}/v1/subscriptions/unsubscribe?token={s.token}",
                            max(s.began, (s.alerts_read_until or s.began) - OVERLAP))
                for s in session.scalars(select(Subscription).where(Subscription.kind == "alerts",
                                                                    Subscription.active))]  # fmt: skip


def _sent(sql_store: SqlStore, subscription: int, alerts: set[str]) -> set[tuple[str, int]]:
    """The versions of these alerts already mailed to the subscription."""
    with sql_store.session() as session:
        found = session.scalars(select(AlertDelivery).where(AlertDelivery.subscription_id == subscription,
                                                            AlertDelivery.alert_id.in_(alerts)))  # fmt: skip
        return {(d.alert_id, d.version) for d in found}


def _mail(change: tuple[Any, ...], subscriber: _Subscriber, speech: Language, label: Label,
          sender: str) -> EmailMessage:  # fmt: skip
    _, _, retracted, closed, week, category, area, observed, expected, z, _ = change
    unsubscribe = subscriber.unsubscribe
    subject, body, in_area, withdrawn, final = (
        i18n.catalogue(speech)[f"alert_mail.{part}"] for part in PARTS
    )
    words = {
        "what": label("category", category),
        "where": in_area.format(area=label("area", area)) if area else "",
        "week": week,
        "n": int(observed),
        "mean": number(float(expected), speech),
        "z": number(float(z), speech),
    }
    prefix = withdrawn if retracted else final if closed else ""
    mail = EmailMessage()
    mail["From"], mail["To"] = sender, subscriber.address
    mail["Subject"] = prefix + subject.format(**words)
    mail["List-Unsubscribe"] = f"<{unsubscribe}>"
    mail.set_content(prefix + body.format(**words) + f"\n\n{unsubscribe}\n")
    return mail
