"""What the reporting API answers: a report accepted (with its warnings), a batch accepted, a report as
stored."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from embrace.contracts import Incident
from embrace.sqlstore.tables import StoredReport
from services.ingest.context import warnings_out
from services.ingest.submissions import Prepared


class FieldNote(BaseModel):
    field: str
    code: str
    message: str


class ReportAccepted(BaseModel):
    id: uuid.UUID
    version: int
    incidents: int
    reporting_week: str | None
    status: Literal["accepted", "withdrawn"]
    warnings: list[FieldNote] = []


class BatchAccepted(BaseModel):
    accepted: int
    incidents: int
    reports: list[ReportAccepted]


class ReportOut(BaseModel):
    id: uuid.UUID
    version: int
    status: Literal["active", "withdrawn"]
    reporting_week: str
    submitted_at: datetime
    updated_at: datetime
    incidents: list[Incident]


class ReportList(BaseModel):
    week: str
    reports: list[ReportOut]


def accepted(prepared: Prepared, language: str, prefix: str = "") -> ReportAccepted:
    report = prepared.report
    return ReportAccepted(
        id=report.event_id,
        version=report.version,
        incidents=len(report.incidents),
        reporting_week=report.reporting_week,
        status="accepted",
        warnings=[FieldNote(**w) for w in warnings_out(prepared.warnings, language, prefix)],  # type: ignore[arg-type]
    )


def shown(stored: StoredReport) -> ReportOut:
    return ReportOut(
        id=uuid.UUID(stored.id),
        version=stored.version,
        status="withdrawn" if stored.retracted else "active",
        reporting_week=stored.reporting_week,
        submitted_at=stored.submitted_at,
        updated_at=stored.updated_at,
        incidents=[Incident.model_validate(i) for i in stored.payload.get("incidents", [])],
    )
