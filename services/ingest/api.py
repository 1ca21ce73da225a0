"""The reporting API for integrators: ``POST /v1/reports``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel

from embrace.http.dependencies import DirectoryDep, SettingsDep, TaxonomyDep
from embrace.http.problems import FieldError, invalid
from embrace.http.security import PrincipalDep
from embrace.validation import Policy, check_report
from services.ingest.acceptance import accept_report
from services.ingest.submissions import ReportSubmission, to_report


class Accepted(BaseModel):
    id: UUID
    version: int
    incidents: int
    reporting_week: str | None
    status: Literal["accepted"] = "accepted"


def get_wake_relay(request: Request) -> Callable[[], None]:
    wake: Callable[[], None] = getattr(request.app.state, "wake_relay", lambda: None)
    return wake


WakeRelayDep = Annotated[Callable[[], None], Depends(get_wake_relay)]


def reports_router() -> APIRouter:
    router = APIRouter(prefix="/v1/reports", tags=["reports"])

    @router.post("", status_code=202, response_model=Accepted)
    def submit(
        submission: ReportSubmission,
        principal: PrincipalDep,
        directory: DirectoryDep,
        taxonomy: TaxonomyDep,
        settings: SettingsDep,
        wake_relay: WakeRelayDep,
        response: Response,
    ) -> Accepted:
        """Submit one report of 1..200 incidents. Answered 202 once it is committed."""
        report = to_report(submission, principal, "api", datetime.now(UTC))
        policy = Policy(
            max_age=timedelta(days=settings.max_incident_age_days),
            max_skew=timedelta(seconds=settings.max_clock_skew_seconds),
        )
        problems = check_report(report, taxonomy, policy)
        if problems:
            raise invalid([FieldError.of(p) for p in problems])
        accept_report(directory, principal, report)
        wake_relay()
        response.headers["Location"] = f"/v1/reports/{report.event_id}"
        return Accepted(
            id=report.event_id,
            version=report.version,
            incidents=len(report.incidents),
            reporting_week=report.reporting_week,
        )

    return router
