"""This week's report: add incidents one at a time to a draft, review it, send it, see what was sent."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from embrace.contracts import Incident
from embrace.http.problems import ProblemError
from embrace.http.signin import SignedInDep, check_csrf
from embrace.messages import message
from embrace.sqlstore.accounts import SignedIn
from embrace.sqlstore.tables import Draft
from embrace.weeks import last_week
from services.ingest.acceptance import store_report
from services.ingest.areas import areas_of
from services.ingest.context import Ingest, IngestDep
from services.ingest.submissions import ReportSubmission, scrubbed_incident, to_report
from services.ingest.web.forms import read_incident
from services.ingest.web.rendering import page_language, page_zone, render
from services.ingest.web.sent_pages import nothing_possible
from services.ingest.web.texts import text

router = APIRouter(prefix="/app", include_in_schema=False)


def _draft(session: Session, user_id: int) -> Draft:
    draft = session.get(Draft, user_id)
    if draft is None:
        draft = Draft(user_id=user_id, incidents=[])
        session.add(draft)
    return draft


def _page(
    request: Request, signed: SignedIn, ingest: Ingest, status: int = 200, **context: object
) -> Response:
    zone = page_zone(request)
    today = datetime.now(UTC).astimezone(zone).date()
    with ingest.sql_store.session() as session:
        incidents = [Incident.model_validate(i) for i in _draft(session, signed.user_id).incidents]
        areas = [(a.area_id, a.name) for a in areas_of(session, signed.principal.tenant)]
        # Nothing to report is offered for last week while the draft is empty: once there is
        # something to send, there is something to report.
        week = last_week()
        nothing = None if incidents or not nothing_possible(session, signed.principal, week) else week
    context.setdefault("values", {"date": (today - timedelta(days=1)).isoformat(), "part": "unknown"})
    context.setdefault("errors", {})
    return render(
        request,
        "report.html",
        status,
        signed=signed,
        draft=incidents,
        areas=areas,
        today=today.isoformat(),
        nothing_week=nothing,
        taxonomy=ingest.taxonomy,
        zone=zone,
        **context,
    )


@router.get("/report")
def report_page(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    return _page(request, signed, ingest, added=request.query_params.get("added") == "1")


@router.post("/report/incidents")
async def add_incident(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(signed.csrf_token, form.get("csrf"))
    if not signed.principal.may("report"):
        return _page(
            request, signed, ingest, 403, errors={"category": text("not_allowed", page_language(request))}
        )
    now = datetime.now(UTC)
    incident, result = read_incident(
        form,
        zone=page_zone(request),
        now=now,
        language=page_language(request),
        taxonomy=ingest.taxonomy,
        policy=ingest.policy,
        places=ingest.places,
    )
    area = incident.location.area_id if incident is not None else None
    known = ingest.area_ids(signed.principal.tenant)
    if area is not None and known and area not in known:  # caught now, not only when the report is sent
        result.errors["area_id"] = message(
            "unknown_area", page_language(request), "unknown area", {"area_id": area}
        )
        incident = None
    if incident is None:
        return _page(request, signed, ingest, 422, values=result.values, errors=result.errors)
    # The draft is stored too, so it is scrubbed of personal data now, not only when it is sent.
    incident = scrubbed_incident(incident, Counter())
    with ingest.sql_store.session() as session:
        draft = _draft(session, signed.user_id)
        draft.incidents = [*draft.incidents, incident.model_dump(mode="json")]
        draft.updated_at = now
    return RedirectResponse("/app/report?added=1#draft", status_code=303)


@router.post("/report/incidents/{index}/remove")
def remove_incident(
    index: int, signed: SignedInDep, ingest: IngestDep, csrf: Annotated[str, Form(max_length=100)]
) -> RedirectResponse:
    check_csrf(signed.csrf_token, csrf)
    with ingest.sql_store.session() as session:
        draft = _draft(session, signed.user_id)
        draft.incidents = [i for n, i in enumerate(draft.incidents) if n != index]
    return RedirectResponse("/app/report#draft", status_code=303)


@router.get("/report/review")
def review_page(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    with ingest.sql_store.session() as session:
        incidents = [Incident.model_validate(i) for i in _draft(session, signed.user_id).incidents]
    if not incidents:
        return RedirectResponse("/app/report", status_code=303)
    return render(
        request,
        "review.html",
        signed=signed,
        draft=incidents,
        taxonomy=ingest.taxonomy,
        zone=page_zone(request),
        errors=[],
    )


@router.post("/report/submit")
def submit(
    request: Request, signed: SignedInDep, ingest: IngestDep, csrf: Annotated[str, Form(max_length=100)]
) -> Response:
    check_csrf(signed.csrf_token, csrf)
    with ingest.sql_store.session() as session:
        incidents = [Incident.model_validate(i) for i in _draft(session, signed.user_id).incidents]
    if not incidents:
        return RedirectResponse("/app/report", status_code=303)
    try:
        report = to_report(ReportSubmission(incidents=incidents), signed.principal, "web", datetime.now(UTC))
        prepared = ingest.check(report)
    except (ProblemError, ValidationError) as exc:
        errors = _messages(exc, request)
        return render(
            request,
            "review.html",
            422,
            signed=signed,
            draft=incidents,
            taxonomy=ingest.taxonomy,
            zone=page_zone(request),
            errors=errors,
        )
    with ingest.sql_store.session() as session:  # the report and the emptied draft commit together
        store_report(session, signed.principal, prepared.report)
        _draft(session, signed.user_id).incidents = []
    ingest.committed([prepared], "submit")
    return RedirectResponse(
        f"/app/reports?week={prepared.report.reporting_week}&sent={prepared.report.event_id}", status_code=303
    )


def _messages(exc: ProblemError | ValidationError, request: Request) -> list[str]:
    language = page_language(request)
    if isinstance(exc, ProblemError):
        return [f"{e.field}: {message(e.code, language, e.message, e.params)}" for e in exc.errors]
    return [str(error["msg"]) for error in exc.errors()]
