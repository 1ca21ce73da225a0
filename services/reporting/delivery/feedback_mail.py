"""The weekly feedback mail, for those who subscribe to it for their organisation: what the
organisation's reports led to (services/reporting/feedback), as a PDF, once per subscriber and week.
The week's run keeps each subscribed organisation's feedback as it was mailed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from embrace import i18n
from embrace.sqlstore import SqlStore
from embrace.sqlstore.report_tables import ReportDelivery, ReportRun, Subscription, run_of
from embrace.warehouse import Warehouse
from services.reporting.delivery.mail import Letter
from services.reporting.feedback.service import feedback
from services.reporting.pages import ENVIRONMENT, render_pdf, tenant_names

KIND = "feedback"


def mail_feedback(sql_store: SqlStore, warehouse: Warehouse, send: Callable[[Letter], None], tenant: str,
                  name: str, week: str, public_url: str) -> int:  # fmt: skip
    """Mail the week's feedback to every subscriber not yet sent it; how many were mailed."""
    with sql_store.session() as session:
        waiting = session.scalars(select(Subscription).where(
            Subscription.tenant == tenant, Subscription.kind == KIND, Subscription.active,
            Subscription.organisation.is_not(None))).all()  # fmt: skip
        run = session.scalars(run_of(tenant, KIND, week)).first()
        delivered = select(ReportDelivery.subscription_id).where(
            ReportDelivery.run_id == (run.id if run else -1)
        )
        sent = set(session.scalars(delivered))
        pending = [
            (s.id, s.email, s.language, s.token, str(s.organisation)) for s in waiting if s.id not in sent
        ]
    if not pending:
        return 0
    body = _run(sql_store, warehouse, tenant, week, sorted({p[4] for p in pending}))
    named = tenant_names(sql_store, tenant).organisations
    for subscription_id, email, language, token, organisation in pending:
        said = i18n.spoken(language)
        page = ENVIRONMENT.get_template("feedback.html").render(
            lang=said,
            f=body["organisations"][organisation],
            organisation=named.get(organisation, organisation),
        )
        unsubscribe = f"{public_url}/v1/subscriptions/unsubscribe?token={token}"
        send(
            Letter(email, said, KIND, week, name, f"{public_url}/app/feedback", unsubscribe, render_pdf(page))
        )
        with sql_store.session() as session:
            session.add(ReportDelivery(run_id=body["run_id"], subscription_id=subscription_id))
    return len(pending)


def _run(sql_store: SqlStore, warehouse: Warehouse, tenant: str, week: str,
         organisations: list[str]) -> dict[str, Any]:  # fmt: skip
    """The week's run, made now, or with the organisations it lacks added."""
    with sql_store.session() as session:
        run = session.scalars(run_of(tenant, KIND, week)).first()
        kept = dict(run.body["organisations"]) if run else {}
    missing = [o for o in organisations if o not in kept]
    kept |= {o: feedback(sql_store, warehouse, tenant, o, week, "sv") for o in missing}
    with sql_store.session() as session:
        run = session.scalars(run_of(tenant, KIND, week)).first()
        if run is None:
            run = ReportRun(tenant=tenant, kind=KIND, period=week, body={})
            session.add(run)
        run.body = {"organisations": kept}
        session.flush()
        return {"organisations": kept, "run_id": run.id}
