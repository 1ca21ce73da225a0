"""The week's report, made for the meeting: issued at the tenant's deadline with the partners that had not
reported yet, and re-issued as a new version when late reports change it. The archive keeps every
version; the web app shows the latest. Only the week now due is re-issued: once the next week's report
is due, a week's report stands as the meeting saw it."""

from __future__ import annotations

from datetime import datetime

from embrace.sqlstore import SqlStore
from embrace.sqlstore.report_tables import ReportRun, ReportRunVersion, run_of
from embrace.warehouse import Warehouse
from services.reporting.weekly.assembled import weekly_body
from services.reporting.weekly.partners import reported_since


def reissue(sql_store: SqlStore, warehouse: Warehouse, tenant: str, week: str, now: datetime) -> int | None:
    """Re-issue the week's report if reports came in after it was made and changed it; the new version."""
    with sql_store.session() as session:
        run = session.scalars(run_of(tenant, "weekly", week)).first()
        if run is None or not reported_since(session, tenant, week, run.issued_at or run.created_at):
            return None
        run_id = run.id
    body = weekly_body(sql_store, warehouse, tenant, week)
    with sql_store.session() as session:
        run = session.get(ReportRun, run_id, with_for_update=True)
        assert run is not None
        if body == run.body:
            run.issued_at = now  # looked at again: the late reports changed nothing shown
            return None
        version = run.version or 1
        session.add(ReportRunVersion(run_id=run.id, version=version, body=run.body,
                                     issued_at=run.issued_at or run.created_at))  # fmt: skip
        run.body, run.version, run.issued_at = body, version + 1, now
        return version + 1
