"""Spike alerts by mail, for subscribers of the kind "alerts": each change of an alert (raised, updated,
closed, withdrawn) raised after they subscribed, once, in their language."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select

from embrace.directory import Directory
from embrace.directory.report_tables import AlertDelivery, Subscription
from embrace.messages import Language
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from services.reporting.pages import labeller, number

CHANGES = """
SELECT toString(alert_id), version, retracted, closed, week, category, area_id, observed, expected, z
FROM {db}.alerts FINAL WHERE tenant = {tenant:String} AND occurred >= {since:DateTime64(3)}
ORDER BY week, category, area_id
"""
SAID = {
    "sv": ("Larm: {what}{where}, vecka {week}", "{what}{where}: {n} händelser vecka {week}, väntat {mean} "
           "(z = {z}).", " i {area}", "Återkallat: ", "Slutligt: "),
    "en": ("Alert: {what}{where}, week {week}", "{what}{where}: {n} incidents in week {week}, {mean} "
           "expected (z = {z}).", " in {area}", "Withdrawn: ", "Final: "),
}  # fmt: skip
SendMail = Callable[[EmailMessage], None]


def mail_alerts(directory: Directory, warehouse: Warehouse, taxonomy: Taxonomy, send: SendMail, sender: str,
                unsubscribe_base: str) -> int:  # fmt: skip
    """Mail every alert change not yet mailed to each alert subscriber; the number of mails sent."""
    with directory.session() as session:
        subscribers = [(s.id, s.tenant, s.email, s.language, s.token, s.created_at) for s in session.scalars(
            select(Subscription).where(Subscription.kind == "alerts", Subscription.active))]  # fmt: skip
        sent = {(d.subscription_id, d.alert_id, d.version) for d in session.scalars(select(AlertDelivery))}
    count = 0
    for subscription_id, tenant, address, language, token, since in subscribers:
        for change in warehouse.query(CHANGES, {"tenant": tenant, "since": since}):
            if (subscription_id, change[0], change[1]) in sent:
                continue
            unsubscribe = f"{unsubscribe_base}/v1/subscriptions/unsubscribe?token={token}"
            send(_mail(change, language, taxonomy, sender, address, unsubscribe))
            with directory.session() as session:
                session.add(
                    AlertDelivery(subscription_id=subscription_id, alert_id=change[0], version=change[1])
                )
            count += 1
    return count


def _mail(change: tuple[Any, ...], language: str, taxonomy: Taxonomy, sender: str, to: str,
          unsubscribe: str) -> EmailMessage:  # fmt: skip
    _, _, retracted, closed, week, category, area, observed, expected, z = change
    speech: Language = "en" if language == "en" else "sv"
    subject, body, in_area, withdrawn, final = SAID[speech]
    words = {
        "what": labeller(taxonomy, speech)("category", category),
        "where": in_area.format(area=area) if area else "",
        "week": week,
        "n": int(observed),
        "mean": number(float(expected), speech),
        "z": number(float(z), speech),
    }
    prefix = withdrawn if retracted else final if closed else ""
    mail = EmailMessage()
    mail["From"], mail["To"] = sender, to
    mail["Subject"] = prefix + subject.format(**words)
    mail["List-Unsubscribe"] = f"<{unsubscribe}>"
    mail.set_content(prefix + body.format(**words) + f"\n\n{unsubscribe}\n")
    return mail
