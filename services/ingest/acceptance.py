"""Accept = commit: a report version and its outbox record are written in one transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.bus.codec import encode
from embrace.bus.processing import Record
from embrace.contracts import IncidentReport
from embrace.directory.credentials import Principal
from embrace.directory.outbox import enqueue
from embrace.directory.tables import StoredReport
from embrace.topics import INCIDENT_REPORTS


def store_report(session: Session, principal: Principal, report: IncidentReport) -> None:
    """Keep a new report, or a new version of one, and queue it for the bus in the same transaction."""
    stored = session.get(StoredReport, str(report.event_id))
    if stored is None:
        stored = StoredReport(
            id=str(report.event_id),
            tenant=report.tenant,
            organisation_id=principal.organisation_id,
            submitted_at=report.occurred,
        )
        session.add(stored)
    stored.version = report.version
    stored.retracted = report.retracted
    stored.reporting_week = report.reporting_week or stored.reporting_week or ""
    stored.incident_count = len(report.incidents)
    stored.updated_at = report.occurred
    stored.payload = report.model_dump(mode="json")
    enqueue(session, [report_record(report)])


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


def report_record(report: IncidentReport) -> Record:
    return Record(INCIDENT_REPORTS.name, INCIDENT_REPORTS.key_bytes(report), encode(report))


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
