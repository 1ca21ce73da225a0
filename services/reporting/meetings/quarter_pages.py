"""The web app's quarterly meeting (Kvartalsmöte): what the meeting before decided and what came of it, the
computed proposal, and the chair's form (quarter_form.py) that decides the priority areas of the quarter
after and plans interventions in them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from embrace.http.dependencies import SqlStoreDep, TaxonomyDep, WarehouseDep
from embrace.http.frame import top_bar
from embrace.http.language import negotiate
from embrace.http.problems import FieldError, ProblemError, invalid
from embrace.http.signin import ChairDep, checked_form
from embrace.sqlstore.accounts import SignedIn
from embrace.sqlstore.registry import names_of
from embrace.taxonomy import Taxonomy
from embrace.weeks import label, today
from embrace.weeks import shift as shift_week
from services.reporting.meetings import service
from services.reporting.meetings.minutes_page import quarterly_minutes_page
from services.reporting.meetings.quarter_form import as_in_the_form, minutes_of, rows_of, sent_rows
from services.reporting.meetings.records import Minutes
from services.reporting.pages import back_to, form_errors
from services.reporting.quarterly.api import AskedQuarter, asked_quarter
from services.reporting.quarterly.page import reason_reader
from services.reporting.quarterly.quarters import PATTERN, QUARTER, days, not_begun, shift

router = APIRouter(prefix="/app", include_in_schema=False)
PATH = "/app/meeting/quarterly"
TASK_WEEKS = 4  # from the quarter's start, or today once it has begun, to a task's default due week


@router.get("/meeting/quarterly")
def quarter_meeting(
    request: Request, person: ChairDep, sql_store: SqlStoreDep, warehouse: WarehouseDep,
    taxonomy: TaxonomyDep, quarter: AskedQuarter,
) -> Response:  # fmt: skip
    meeting = service.quarterly(sql_store, warehouse, person.principal.tenant, quarter)
    rows = rows_of(meeting, reason_reader(negotiate(request, header=False)))
    return _page(request, person, sql_store, taxonomy, meeting, rows)


@router.post("/meeting/quarterly")
async def record_quarter(
    request: Request, person: ChairDep, sql_store: SqlStoreDep, warehouse: WarehouseDep, taxonomy: TaxonomyDep
) -> Response:
    form = await checked_form(request, person)
    tenant, rows, quarter = person.principal.tenant, sent_rows(form), await _sent_quarter(form)
    try:
        decisions = service.decisions_adding(
            sql_store, tenant, "quarterly", quarter, str(form.get("decision") or "")
        )
        minutes = Minutes.model_validate(
            {"decisions": decisions, "present": form.getlist("present"), **minutes_of(rows)}
        )
        service.record(sql_store, person.principal, "quarterly", quarter, minutes, taxonomy)
    except (ValidationError, ProblemError) as exc:
        language = negotiate(request, header=False)
        errors = form_errors(exc, language, as_in_the_form(rows, language))
        meeting = service.quarterly(sql_store, warehouse, tenant, quarter)
        return _page(request, person, sql_store, taxonomy, meeting, rows, (errors, form))
    return back_to(f"{PATH}?quarter={quarter}")


def _page(request: Request, person: SignedIn, sql_store: Any, taxonomy: Taxonomy, meeting: dict[str, Any],
          rows: list[dict[str, Any]],
          refused: tuple[list[str], FormData] | None = None) -> Response:  # fmt: skip
    """The page with the chair's form; ``refused``: the faults of a form sent, which comes back as sent."""
    language = negotiate(request, header=False)
    with sql_store.session() as session:
        names = names_of(session, person.principal.tenant)
    errors, sent = refused or ([], None)
    present = sent.getlist("present") if sent else (meeting["minutes"] or {}).get("present", [])
    form = {
        "csrf": person.csrf_token, "rows": rows, "errors": errors,
        "decision": str(sent.get("decision") or "") if sent else "",
        "areas": names.areas_by_name(),
        "open_problems": {p["id"] for p in meeting["problems"] if not p["closed_in"]},
        "organisations": list(names.organisations), "present": set(present),
        "categories": [(c.code, c.label(language)) for c in taxonomy if c.group != "intervention"],
        "kinds": sorted((c.label(language), c.code) for c in taxonomy.in_group("intervention")),
        "plan_start": days(meeting["for_quarter"])[0].isoformat(), "own": person.principal.organisation,
        "task_due": _task_due(meeting["for_quarter"]),
        "earlier": shift(meeting["quarter"], -1),
        "later": None if not_begun(later := meeting["for_quarter"], today()) else later,
    }  # fmt: skip
    bar = top_bar(person, request.url.path, language)
    page = quarterly_minutes_page(sql_store, taxonomy, person.principal.tenant, meeting, language,
                                  frame=bar, form=form)  # fmt: skip
    return Response(page, status_code=422 if errors else 200, media_type="text/html")


def _task_due(quarter: str) -> str:
    """A task's week unless the chair says otherwise: four weeks into the quarter, or from today once it
    has begun, so a task is not due before it is given."""
    return shift_week(label(max(days(quarter)[0], today())), TASK_WEEKS)


async def _sent_quarter(form: FormData) -> str:
    quarter = str(form.get("quarter") or "")
    if not QUARTER.match(quarter):
        raise invalid([FieldError("quarter", "string_pattern_mismatch", "a quarter like 2026-Q1",
                                  {"pattern": PATTERN})])  # fmt: skip
    return await asked_quarter(quarter)
