"""The web app's weekly meeting: the agenda, and for the chair the form that records a decision, gives
tasks to organisations and says who was there."""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from embrace.contracts.fields import ISO_WEEK, IsoWeek
from embrace.contracts.loop import MeetingKind
from embrace.http.dependencies import SqlStoreDep, TaxonomyDep, WarehouseDep
from embrace.http.language import negotiate
from embrace.http.problems import ProblemError, field_errors, invalid
from embrace.http.signin import ChairDep, checked_form
from embrace.naming import labeller
from embrace.sqlstore import SqlStore
from embrace.sqlstore.accounts import SignedIn
from embrace.sqlstore.registry import names_of
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from embrace.weeks import shift, this_week
from services.reporting.meetings import service
from services.reporting.meetings.records import Minutes
from services.reporting.pages import app_page, back_to, form_errors, named_by_row
from services.reporting.problems.records import open_problems

router = APIRouter(prefix="/app", include_in_schema=False)
TASK_ROWS = 3  # tasks the form offers at once; the meeting records more by sending it again
LABELS = {"organisation": "meeting.organisation", "text": "meeting.what", "due_week": "meeting.due_week",
          "problem_id": "meeting.about_problem", "area_id": "app.area"}  # fmt: skip


@router.get("/meeting")
def meeting(
    request: Request,
    person: ChairDep,
    sql_store: SqlStoreDep,
    warehouse: WarehouseDep,
    taxonomy: TaxonomyDep,
    week: IsoWeek | None = None,
) -> Response:
    return _page(request, person, sql_store, warehouse, taxonomy, week or this_week())


@router.post("/meeting")
async def record(
    request: Request, person: ChairDep, sql_store: SqlStoreDep, warehouse: WarehouseDep, taxonomy: TaxonomyDep
) -> Response:
    form = await checked_form(request, person)
    tenant, held = person.principal.tenant, _sent_week(form)
    filled = [n for n in range(TASK_ROWS) if str(form.get(f"task{n}") or "").strip()]
    try:
        written, problem = str(form.get("decision") or ""), str(form.get("problem") or "") or None
        decisions = service.decisions_adding(sql_store, tenant, "weekly", held, written, problem)
        tasks = [{"organisation": form.get(f"organisation{n}"), "text": str(form.get(f"task{n}")).strip(),
                  "due_week": form.get(f"due{n}"), "area_id": form.get(f"area{n}") or None,
                  "problem_id": form.get("problem") or None} for n in filled]  # fmt: skip
        present = form.getlist("present")
        minutes = Minutes.model_validate({"decisions": decisions, "tasks": tasks, "present": present})
        service.record(sql_store, person.principal, "weekly", held, minutes, taxonomy)
    except (ValidationError, ProblemError) as exc:
        language = negotiate(request, header=False)
        errors = form_errors(
            exc, language, named_by_row({"tasks": filled}, "meeting.task_row", LABELS, language)
        )
        return _page(request, person, sql_store, warehouse, taxonomy, held, (errors, form))
    return back_to(f"/app/meeting?week={held}")


def _page(request: Request, person: SignedIn, sql_store: SqlStore, warehouse: Warehouse, taxonomy: Taxonomy,
          held: str, refused: tuple[list[str], FormData] | None = None) -> Response:  # fmt: skip
    """The meeting's page; ``refused``: the faults of a form sent, which comes back as it was sent."""
    tenant, now = person.principal.tenant, this_week()
    with sql_store.session() as session:
        names, problems = names_of(session, tenant), open_problems(session, tenant)
    held_meeting = service.weekly(sql_store, warehouse, tenant, held)
    errors, sent = refused or ([], None)
    present = sent.getlist("present") if sent else (held_meeting["minutes"] or {}).get("present", [])
    page = app_page(
        request, person, "meeting.html", "meeting", m=held_meeting, a=held_meeting["agenda"],
        organisations=list(names.organisations), problems=problems, rows=range(TASK_ROWS),
        areas=names.areas_by_name(),
        due=shift(held, 1), csrf=person.csrf_token, chair=True, tenant_name=names.tenant,
        label=labeller(taxonomy, negotiate(request, header=False), names), earlier=shift(held, -1),
        later=shift(held, 1) if shift(held, 1) <= now else None, errors=errors,
        sent={k: str(v) for k, v in sent.items()} if sent else {}, ticked=set(present),
    )  # fmt: skip
    page.status_code = 422 if errors else 200
    return page


@router.post("/meeting/decisions/strike")
async def strike(request: Request, person: ChairDep, sql_store: SqlStoreDep) -> Response:
    """Strike a decision from either meeting's minutes, and back to that meeting's page."""
    form = await checked_form(request, person)
    kind: MeetingKind = "quarterly" if form.get("kind") == "quarterly" else "weekly"
    period, n = str(form.get("period")), str(form.get("n"))
    service.strike_decision(sql_store, person.principal.tenant, kind, period, int(n) if n.isdigit() else -1)
    page = (
        f"/app/meeting/quarterly?quarter={period}" if kind == "quarterly" else f"/app/meeting?week={period}"
    )
    return back_to(page)


def _sent_week(form: FormData) -> str:
    """The week the meeting is held in, as the form's hidden field names it."""
    try:
        return ISO_WEEK.validate_python(str(form.get("week") or ""))
    except ValidationError as exc:
        raise invalid([replace(e, field="week") for e in field_errors(exc.errors())]) from None
