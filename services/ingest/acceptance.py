"""Accept = commit: the report and its outbox record are written in one transaction."""

from __future__ import annotations

from embrace.bus.codec import encode
from embrace.bus.processing import Record
from embrace.contracts import IncidentReport
from embrace.directory import Directory
from embrace.directory.credentials import Principal
from embrace.directory.outbox import enqueue
from embrace.directory.tables import StoredReport
from embrace.topics import INCIDENT_REPORTS


def accept_report(directory: Directory, principal: Principal, report: IncidentReport) -> None:
    with directory.session() as session:
        session.add(
            StoredReport(
                id=str(report.event_id),
                tenant=report.tenant,
                organisation_id=principal.organisation_id,
                version=report.version,
                retracted=report.retracted,
                reporting_week=report.reporting_week or "",
                incident_count=len(report.incidents),
                submitted_at=report.occurred,
                updated_at=report.occurred,
                payload=report.model_dump(mode="json"),
            )
        )
        enqueue(session, [report_record(report)])


def report_record(report: IncidentReport) -> Record:
    return Record(INCIDENT_REPORTS.name, INCIDENT_REPORTS.key_bytes(report), encode(report))
