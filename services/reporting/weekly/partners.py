"""Which partners have reported a week, from the accepted reports in the SQL store. A partner has reported
a week when a report of it that week stands (not withdrawn); one of no incidents says it had nothing to
report."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from embrace.sqlstore.registry import list_organisations
from embrace.sqlstore.tables import StoredReport


def not_reported(session: Session, tenant: str, week: str) -> list[str]:
    """The tenant's organisations with no report for ``week``."""
    return [slug for slug, weeks in reported_weeks(session, tenant, [week]).items() if week not in weeks]


def reported_weeks(session: Session, tenant: str, weeks: list[str]) -> dict[str, dict[str, int]]:
    """Each of the tenant's organisations, and the incidents it reported in each of ``weeks`` that it
    reported (0: nothing to report); a week it did not report is absent."""
    by = (StoredReport.organisation_id, StoredReport.reporting_week)
    query = (
        select(*by, func.sum(StoredReport.incident_count))
        .where(StoredReport.tenant == tenant, StoredReport.reporting_week.in_(weeks), ~StoredReport.retracted)
        .group_by(*by)
    )
    sent: dict[int, dict[str, int]] = {}
    for organisation, week, incidents in session.execute(query):
        sent.setdefault(organisation, {})[week] = int(incidents)
    return {o.slug: sent.get(o.id, {}) for o in list_organisations(session, tenant)}


def reported_since(session: Session, tenant: str, week: str, since: datetime) -> bool:
    """Whether a report of ``week`` came in, or was changed, after ``since``."""
    query = select(StoredReport.id).where(
        StoredReport.tenant == tenant, StoredReport.reporting_week == week, StoredReport.updated_at > since
    )
    return session.scalars(query.limit(1)).first() is not None


def weeks_with_nothing(sent: dict[str, int]) -> int:
    """Of the weeks an organisation reported (:func:`reported_weeks`), those it had nothing to report in."""
    return sum(1 for incidents in sent.values() if incidents == 0)
