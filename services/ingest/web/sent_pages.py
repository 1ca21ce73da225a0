"""What an organisation sent, week by week, and withdrawing a report it sent."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from embrace import i18n
from embrace.contracts import IncidentReport
from embrace.contracts.fields import IsoWeek
from embrace.http.problems import ProblemError
from embrace.http.signin import SignedInDep, check_csrf
from embrace.weeks import label, last_week, monday_of
from services.ingest.acceptance import own_report, reports_of_week
from services.ingest.acceptance import withdraw as withdraw_report
from services.ingest.areas import areas_of
from services.ingest.context import IngestDep
from services.ingest.web.rendering import page_zone, render

router = APIRouter(prefix="/app", include_in_schema=False)


@router.get("/reports")
def reports_page(
    request: Request,
    signed: SignedInDep,
    ingest: IngestDep,
    week: IsoWeek | None = None,
    sent: str | None = None,
) -> Response:
    chosen = week or last_week()
    monday = monday_of(chosen)
    with ingest.sql_store.session() as session:
        reports = [
            (stored, IncidentReport.model_validate(stored.payload))
            for stored in reports_of_week(session, signed.principal, chosen)
        ]
        areas = [(a.area_id, a.name) for a in areas_of(session, signed.principal.tenant)]
    return render(
        request,
        "reports.html",
        signed=signed,
        week=chosen,
        reports=reports,
        sent=sent,
        taxonomy=ingest.taxonomy,
        zone=page_zone(request),
        areas=areas,
        previous=label(monday - timedelta(weeks=1)),
        following=_unless_future(label(monday + timedelta(weeks=1))),
    )


def _unless_future(week: str) -> str | None:
    """No link to a week that has not begun: nothing can have been reported for it yet."""
    return week if week <= label(datetime.now(UTC).date()) else None


@router.post("/reports/{report_id}/withdraw")
def withdraw_page(
    report_id: uuid.UUID, signed: SignedInDep, ingest: IngestDep, csrf: Annotated[str, Form(max_length=100)]
) -> RedirectResponse:
    check_csrf(signed.csrf_token, csrf)
    with ingest.sql_store.session() as session:
        stored = own_report(session, signed.principal, str(report_id))
        if stored is None:
            raise ProblemError(404, i18n.both("problem.no_such_report"))
        week = stored.reporting_week
        if signed.principal.may("report"):
            withdraw_report(session, signed.principal, stored, datetime.now(UTC))
    ingest.committed([], "withdraw")
    return RedirectResponse(f"/app/reports?week={week}", status_code=303)
