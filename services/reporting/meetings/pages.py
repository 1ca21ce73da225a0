"""The web app's weekly meeting: the agenda, and for the chair the form that records a decision and gives
tasks to organisations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from embrace.contracts.fields import IsoWeek
from embrace.http.dependencies import SqlStoreDep, TaxonomyDep, WakeRelayDep, WarehouseDep
from embrace.http.language import negotiate
from embrace.http.signin import ChairDep, check_csrf
from embrace.naming import labeller
from embrace.sqlstore.registry import names_of
from embrace.weeks import label, shift
from services.reporting.meetings import service
from services.reporting.meetings.records import Minutes, meeting_of
from services.reporting.pages import app_page, back_to
from services.reporting.problems.records import LEDGER as PROBLEMS

router = APIRouter(prefix="/app", include_in_schema=False)
TASK_ROWS = 3  # tasks the form offers at once; the meeting records more by sending it again


@router.get("/meeting")
def meeting(
    request: Request,
    person: ChairDep,
    sql_store: SqlStoreDep,
    warehouse: WarehouseDep,
    taxonomy: TaxonomyDep,
    week: IsoWeek | None = None,
) -> Response:
    tenant, this_week = person.principal.tenant, label(datetime.now(UTC).date())
    held = week or this_week
    with sql_store.session() as session:
        names, problems = names_of(session, tenant), PROBLEMS.every(session, tenant)
    held_meeting = service.weekly(sql_store, warehouse, tenant, held)
    return app_page(
        request,
        person,
        "meeting.html",
        "meeting",
        m=held_meeting,
        a=held_meeting["agenda"],
        organisations=list(names.organisations),
        problems=problems,
        rows=range(TASK_ROWS),
        due=shift(held, 1),
        csrf=person.csrf_token,
        chair=True,
        tenant_name=names.tenant,
        label=labeller(taxonomy, negotiate(request, header=False), names),
        earlier=shift(held, -1),
        later=shift(held, 1) if shift(held, 1) <= this_week else None,
    )


@router.post("/meeting")
async def record(
    request: Request, person: ChairDep, sql_store: SqlStoreDep, taxonomy: TaxonomyDep, wake: WakeRelayDep,
) -> Response:  # fmt: skip
    form = await request.form()
    check_csrf(person.csrf_token, form.get("csrf"))
    tenant, held = person.principal.tenant, str(form.get("week"))
    with sql_store.session() as session:
        before = meeting_of(session, tenant, "weekly", held)
    decisions = [d.model_dump() for d in before.decisions] if before else []
    if text := str(form.get("decision") or "").strip():
        decisions.append({"text": text, "problem_id": form.get("problem") or None})
    tasks: list[dict[str, Any]] = [
        {
            "organisation": form.get(f"organisation{n}"),
            "text": str(form.get(f"task{n}")).strip(),
            "due_week": form.get(f"due{n}"),
            "problem_id": form.get("problem") or None,
        }
        for n in range(TASK_ROWS)
        if str(form.get(f"task{n}") or "").strip()
    ]
    minutes = Minutes.model_validate({"decisions": decisions, "tasks": tasks})
    service.record(sql_store, person.principal, "weekly", held, minutes, taxonomy)
    wake()
    return back_to(f"/app/meeting?week={held}")
