"""Accept = commit: report versions and their outbox records are written in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from embrace.contracts import IncidentReport
from embrace.record import Record
from embrace.sqlstore.credentials import Principal
from embrace.sqlstore.json_text import EncodedJson
from embrace.sqlstore.outbox import enqueue
from embrace.sqlstore.tables import StoredReport
from embrace.sqlstore.waiting_rows import insert_rows
from embrace.topics import INCIDENT_REPORTS

# The table's own insert, built once and run on the session's connection: not the ORM's bulk path.
INSERT_REPORTS = insert(cast(Table, StoredReport.__table__))


def accept_new(session: Session, principal: Principal, reports: Sequence[IncidentReport]) -> None:
    """Reports never seen before (the API gives each a new id): one multi-row insert and their outbox
    records, with no look-up first."""
    records = [INCIDENT_REPORTS.record(r) for r in reports]
    _insert(session, principal, list(zip(reports, records, strict=True)))
    enqueue(session, records)


def store_report(session: Session, principal: Principal, report: IncidentReport) -> None:
    """Keep a new report, or a new version of one, and queue it for the bus in the same transaction."""
    store_reports(session, principal, [report])


def store_reports(session: Session, principal: Principal, reports: Sequence[IncidentReport]) -> None:
    """Many reports at once: new ones in one multi-row insert (a batch of 1,000 is one round trip,
    not a thousand), new versions of existing ones updated row by row."""
    if not reports:
        return  # an executemany of nothing would insert one empty row
    ids = [str(r.event_id) for r in reports]
    existing = {s.id: s for s in session.scalars(select(StoredReport).where(StoredReport.id.in_(ids)))}
    records = [INCIDENT_REPORTS.record(r) for r in reports]
    new: list[tuple[IncidentReport, Record]] = []
    for report, record in zip(reports, records, strict=True):
        stored = existing.get(str(report.event_id))
        if stored is None:
            new.append((report, record))
        else:
            stored.version = report.version
            stored.retracted = report.retracted
            stored.reporting_week = report.reporting_week or stored.reporting_week
            stored.incident_count = len(report.incidents)
            stored.updated_at = report.occurred
            stored.payload = report.model_dump(mode="json")
    _insert(session, principal, new)
    enqueue(session, records)


def _insert(session: Session, principal: Principal, reports: list[tuple[IncidentReport, Record]]) -> None:
    """The reports' rows, each payload the text of the report's outbox record: encoded once."""
    rows = [_row(principal, report, EncodedJson(record.value.decode())) for report, record in reports]
    insert_rows(session, INSERT_REPORTS, rows)


def _row(principal: Principal, report: IncidentReport, payload: EncodedJson) -> dict[str, Any]:
    return {
        "id": str(report.event_id),
        "tenant": report.tenant,
        "organisation_id": principal.organisation_id,
        "version": report.version,
        "retracted": report.retracted,
        "reporting_week": report.reporting_week or "",
        "incident_count": len(report.incidents),
        "submitted_at": report.occurred,
        "updated_at": report.occurred,
        "payload": payload,
    }


def withdraw(session: Session, principal: Principal, stored: StoredReport, now: datetime) -> None:
    """Publish a retraction: the next version, without incidents. Withdrawing twice changes nothing."""
    if stored.retracted:
        return
    current = IncidentReport.model_validate(stored.payload)
    retraction = current.model_copy(
        update={
            "version": stored.version + 1,
            "retracted": True,
            "incidents": [],
            "occurred": now,
            "published": now,
        }
    )
    store_report(session, principal, retraction)


def own_report(session: Session, principal: Principal, report_id: str) -> StoredReport | None:
    """A report of the caller's organisation; another's is as good as absent."""
    return session.scalars(
        select(StoredReport).where(
            StoredReport.id == report_id,
            StoredReport.tenant == principal.tenant,
            StoredReport.organisation_id == principal.organisation_id,
        )
    ).first()


def reports_of_week(session: Session, principal: Principal, week: str) -> list[StoredReport]:
    return list(
        session.scalars(
            select(StoredReport)
            .where(
                StoredReport.tenant == principal.tenant,
                StoredReport.organisation_id == principal.organisation_id,
                StoredReport.reporting_week == week,
            )
            .order_by(StoredReport.submitted_at)
        )
    )


def stands_reported(session: Session, principal: Principal, week: str) -> bool:
    """Whether the caller's organisation has a report of ``week`` that it has not withdrawn."""
    return any(not stored.retracted for stored in reports_of_week(session, principal, week))
