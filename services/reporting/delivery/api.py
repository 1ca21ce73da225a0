"""Report subscriptions seen from the web: the unsubscribe link of every report mail (no login: the token is
the key), and the archive of a tenant's reports."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from embrace import i18n
from embrace.http.dependencies import SqlStoreDep, TenantQuery
from embrace.http.frame.problem_page import notice_page
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES
from embrace.http.security import Reader, tenant_for
from embrace.sqlstore.registry import names_of
from embrace.sqlstore.report_tables import ReportRun, Subscription
from services.reporting.delivery.kinds import KINDS

REPORTS = [kind.name for kind in KINDS]


class Archived(BaseModel):
    kind: str
    period: str
    created_at: datetime
    version: int = Field(description="Re-issued when late reports changed it: the latest version's number.")
    issued_at: datetime


router = APIRouter(tags=["reporting"], responses=PROBLEM_RESPONSES)


@router.get("/v1/subscriptions/unsubscribe", response_class=HTMLResponse)
def unsubscribe(request: Request, sql_store: SqlStoreDep,
                token: Annotated[str, Query(min_length=16, max_length=64)]) -> HTMLResponse:  # fmt: skip
    """Ends the subscription the link was mailed for."""
    language = negotiate(request)
    with sql_store.session() as session:
        found = session.scalars(select(Subscription).where(Subscription.token == token)).first()
        if found is None:
            title = i18n.gettext("unsubscribe.unknown_title", language)
            return notice_page(language, title, i18n.gettext("problem.unknown_link", language), status=404)
        found.active = False
        tenant = names_of(session, found.tenant).tenant
        kind = i18n.gettext(f"unsubscribe.kind_{found.kind}", language)
    title = i18n.gettext("unsubscribe.title", language)
    text = i18n.gettext("unsubscribe.text", language, kind=kind, tenant=tenant)
    return notice_page(language, title, text, ("/app/mail", i18n.gettext("unsubscribe.again", language)))


@router.get("/v1/situation/archive", response_model=list[Archived])
def archive(principal: Reader, sql_store: SqlStoreDep, tenant: TenantQuery = None) -> list[Archived]:
    """The reports made on schedule for the tenant, newest first."""
    chosen = tenant_for(principal, tenant)
    with sql_store.session() as session:
        mine = select(ReportRun).where(ReportRun.tenant == chosen, ReportRun.kind.in_(REPORTS))
        runs = session.scalars(mine.order_by(ReportRun.period.desc()))
        return [Archived(kind=r.kind, period=r.period, created_at=r.created_at, version=r.version or 1,
                         issued_at=r.issued_at or r.created_at) for r in runs]  # fmt: skip
