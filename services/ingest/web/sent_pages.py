"""What an organisation sent, week by week: withdrawing a report it sent, saying it had nothing to report
in a week it sent nothing for, and asking to be reminded when it has not reported."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from embrace import i18n
from embrace.contracts import IncidentReport
from embrace.contracts.fields import IsoWeek
from embrace.http.problems import ProblemError
from embrace.http.signin import SignedInDep, check_csrf
from embrace.sqlstore.credentials import Principal
from embrace.sqlstore.subscriptions import REMINDER, subscribed
from embrace.weeks import label, last_week, monday_of, not_ended, this_week
from services.ingest.acceptance import own_report, reports_of_week, stands_reported, store_report
from services.ingest.acceptance import withdraw as withdraw_report
from services.ingest.areas import areas_of
from services.ingest.context import IngestDep
from services.ingest.submissions import ReportSubmission, to_report
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
        possible = nothing_possible(session, signed.principal, chosen)
        reminded = subscribed(session, signed.principal.tenant, signed.email, REMINDER)
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
        nothing_possible=possible,
        reminded=reminded,
        previous=label(monday - timedelta(weeks=1)),
        following=_unless_future(label(monday + timedelta(weeks=1))),
    )


def nothing_possible(session: Session, principal: Principal, week: str) -> bool:
    """Whether *nothing to report* may be said of ``week``: it has ended, and no report stands there."""
    ended = not_ended(week) is None
    return principal.may("report") and ended and not stands_reported(session, principal, week)


@router.post("/reports/nothing")
def nothing_to_report(
    signed: SignedInDep,
    ingest: IngestDep,
    week: Annotated[IsoWeek, Form()],
    csrf: Annotated[str, Form(max_length=100)],
) -> RedirectResponse:
    """A report of no incidents for ``week``, unless the organisation already has a report standing there."""
    check_csrf(signed.csrf_token, csrf)
    if not signed.principal.may("report"):
        raise ProblemError(403, i18n.both("app.not_allowed"), kind="forbidden")
    with ingest.sql_store.session() as session:
        if stands_reported(session, signed.principal, week):
            return RedirectResponse(f"/app/reports?week={week}", status_code=303)
    submission = ReportSubmission(reporting_week=week, incidents=[])
    prepared = ingest.check(to_report(submission, signed.principal, "web", datetime.now(UTC)))
    with ingest.sql_store.session() as session:
        store_report(session, signed.principal, prepared.report)
    ingest.committed([prepared], "submit")
    return RedirectResponse(f"/app/reports?week={week}&sent={prepared.report.event_id}", status_code=303)


def _unless_future(week: str) -> str | None:
    """No link to a week that has not begun: nothing can have been reported for it yet."""
    return week if week <= this_week() else None


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
