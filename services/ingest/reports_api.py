"""The reporting API for integrators: submit, list, correct and withdraw reports."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from itertools import chain
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from embrace import i18n
from embrace.contracts import IncidentReport
from embrace.contracts.fields import IsoWeek
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES, ProblemError
from embrace.http.security import Reader, Reporter
from embrace.messages import Language
from embrace.sqlstore.tables import StoredReport
from embrace.weeks import last_week
from services.ingest.acceptance import accept_new, own_report, reports_of_week, store_report
from services.ingest.acceptance import withdraw as withdraw_report
from services.ingest.context import IngestDep
from services.ingest.idempotency import MAX_KEY_LENGTH, Answer, Done, fingerprint, run_once
from services.ingest.report_answers import (
    BatchAccepted,
    ReportAccepted,
    ReportList,
    ReportOut,
    accepted,
    shown,
)
from services.ingest.submissions import (
    BatchSubmission,
    Prepared,
    ReportCorrection,
    ReportSubmission,
    revised,
    to_report,
)

IdempotencyKey = Annotated[
    str | None,
    Header(
        description="Repeat a request safely: the first answer is returned again.",
        min_length=1,
        max_length=MAX_KEY_LENGTH,
    ),
]
IfMatch = Annotated[str | None, Header(description='The version you saw, e.g. "3"; 412 if it changed since.')]
NOT_FOUND: dict[Language, str] = i18n.both("problem.no_such_report")
WITHDRAWN: dict[Language, str] = i18n.both("problem.report_withdrawn")


router = APIRouter(prefix="/v1/reports", tags=["reports"], responses=PROBLEM_RESPONSES)


@router.post("", status_code=202, response_model=ReportAccepted)
async def submit(
    submission: ReportSubmission, principal: Reporter, ingest: IngestDep, request: Request,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:  # fmt: skip
    """Submit one report of 1..200 incidents. Answered 202 once it is committed."""
    areas = await ingest.known_areas(principal.tenant, submission.incidents)
    prepared = ingest.check(to_report(submission, principal, "api", datetime.now(UTC)), areas=areas)

    answer = Answer(202, accepted(prepared, negotiate(request)).model_dump(mode="json"),
                    f"/v1/reports/{prepared.report.event_id}")  # fmt: skip

    def work(session: Session) -> Answer:  # on the one writer: only what must happen there
        accept_new(session, principal, [prepared.report])
        return answer

    key = fingerprint("POST", request.url.path, submission.model_dump_json())
    done = await run_once(ingest.sql_store.writer, principal.caller, idempotency_key, key, work)
    return _answered(ingest, done, [prepared], "submit")


@router.post("/batch", status_code=202, response_model=BatchAccepted)
async def submit_batch(
    batch: BatchSubmission, principal: Reporter, ingest: IngestDep, request: Request,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:  # fmt: skip
    """Submit up to 1,000 reports at once: all are accepted, or none (422 naming each bad field)."""
    incidents = chain.from_iterable(report.incidents for report in batch.reports)
    areas = await ingest.known_areas(principal.tenant, incidents)
    # Checking a thousand reports takes a while: on a worker thread, other requests go on meanwhile.
    prepared, answer, key = await run_in_threadpool(_batch_checked, batch, principal, ingest, request, areas)

    def work(session: Session) -> Answer:
        accept_new(session, principal, [item.report for item in prepared])
        return answer

    done = await run_once(ingest.sql_store.writer, principal.caller, idempotency_key, key, work)
    return _answered(ingest, done, prepared, "batch")


def _batch_checked(
    batch: BatchSubmission, principal: Reporter, ingest: IngestDep, request: Request, areas: frozenset[str]
) -> tuple[list[Prepared], Answer, str]:
    """The batch's reports ready to store, their answer and the request's fingerprint."""
    now = datetime.now(UTC)
    prepared = ingest.check_all([to_report(item, principal, "api", now) for item in batch.reports], areas)
    language = negotiate(request)
    body = BatchAccepted(
        accepted=len(prepared),
        incidents=sum(len(p.report.incidents) for p in prepared),
        reports=[accepted(p, language, f"reports.{n}.") for n, p in enumerate(prepared)],
    )
    key = fingerprint("POST", request.url.path, batch.model_dump_json())
    return prepared, Answer(202, body.model_dump(mode="json")), key


@router.get("", response_model=ReportList)
def list_week(
    principal: Reader,
    ingest: IngestDep,
    week: Annotated[IsoWeek | None, Query(description="Reporting week; default: last week.")] = None,
) -> ReportList:
    """The organisation's own reports of one reporting week, withdrawn ones included."""
    chosen = week or last_week()
    with ingest.sql_store.session() as session:
        return ReportList(
            week=chosen, reports=[shown(r) for r in reports_of_week(session, principal, chosen)]
        )


@router.get("/{report_id:uuid}", response_model=ReportOut)
def read(report_id: uuid.UUID, principal: Reader, ingest: IngestDep) -> JSONResponse:
    with ingest.sql_store.session() as session:
        stored = own_report(session, principal, str(report_id))
        if stored is None:
            raise ProblemError(404, NOT_FOUND)
        body = shown(stored).model_dump(mode="json")
        return JSONResponse(body, headers={"ETag": f'"{stored.version}"'})


@router.patch("/{report_id:uuid}", status_code=202, response_model=ReportAccepted)
async def correct(
    report_id: uuid.UUID, correction: ReportCorrection, principal: Reporter, ingest: IngestDep,
    request: Request, if_match: IfMatch = None, idempotency_key: IdempotencyKey = None,
) -> JSONResponse:  # fmt: skip
    """Correct a report: published as a new version of it; downstream counts follow."""
    chosen: list[Prepared] = []

    def work(session: Session) -> Answer:
        stored = _changeable(session, principal, report_id, if_match)
        current = IncidentReport.model_validate(stored.payload)
        prepared = ingest.check(revised(current, stored.version, correction, datetime.now(UTC)))
        store_report(session, principal, prepared.report)
        chosen[:] = [prepared]  # the writer may run this twice (GroupCommit)
        return Answer(202, accepted(prepared, negotiate(request)).model_dump(mode="json"))

    key = fingerprint("PATCH", request.url.path, correction.model_dump_json())
    done = await run_once(ingest.sql_store.writer, principal.caller, idempotency_key, key, work)
    return _answered(ingest, done, chosen, "correct")


@router.delete("/{report_id:uuid}", status_code=202, response_model=ReportAccepted)
def withdraw(
    report_id: uuid.UUID, principal: Reporter, ingest: IngestDep, if_match: IfMatch = None
) -> ReportAccepted:
    """Withdraw a report: published as a retraction; its incidents leave the counts. Repeating is harmless."""
    with ingest.sql_store.session() as session:
        stored = own_report(session, principal, str(report_id))
        if stored is None:
            raise ProblemError(404, NOT_FOUND)
        if not stored.retracted:
            _changeable(session, principal, report_id, if_match)
            withdraw_report(session, principal, stored, datetime.now(UTC))
        answer = ReportAccepted(
            id=report_id, version=stored.version, incidents=0, reporting_week=stored.reporting_week,
            status="withdrawn",
        )  # fmt: skip
    ingest.committed([], "withdraw")
    return answer


def _changeable(
    session: Session, principal: Reporter, report_id: uuid.UUID, if_match: str | None
) -> StoredReport:
    stored = own_report(session, principal, str(report_id))
    if stored is None:
        raise ProblemError(404, NOT_FOUND)
    if stored.retracted:
        raise ProblemError(409, WITHDRAWN)
    if if_match is not None and if_match.strip().strip('"') != str(stored.version):
        raise ProblemError(
            412,
            i18n.both("problem.report_changed", version=stored.version),
            headers={"ETag": f'"{stored.version}"'},
        )  # fmt: skip
    return stored


def _answered(ingest: IngestDep, done: Done, prepared: list[Prepared], operation: str) -> JSONResponse:
    """The response; a replayed answer committed nothing new, so nothing is counted or relayed."""
    if not done.replayed:
        ingest.committed(prepared, operation)
    return done.response()
