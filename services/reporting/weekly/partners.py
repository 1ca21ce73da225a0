"""Which partners have reported a week, from the accepted reports in the SQL store."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.sqlstore.registry import list_organisations
from embrace.sqlstore.tables import StoredReport


def not_reported(session: Session, tenant: str, week: str) -> list[str]:
    """The tenant's organisations with no report for ``week``."""
    query = select(StoredReport.organisation_id).where(
        StoredReport.tenant == tenant, StoredReport.reporting_week == week, ~StoredReport.retracted
    )
    sent = set(session.scalars(query))
    return [o.slug for o in list_organisations(session, tenant) if o.id not in sent]


def reported_since(session: Session, tenant: str, week: str, since: datetime) -> bool:
    """Whether a report of ``week`` came in, or was changed, after ``since``."""
    query = select(StoredReport.id).where(
        StoredReport.tenant == tenant, StoredReport.reporting_week == week, StoredReport.updated_at > since
    )
    return session.scalars(query.limit(1)).first() is not None
