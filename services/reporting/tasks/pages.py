"""The web app's tasks, made for a phone: a partner sees its own and says how each went; the chair sees
every organisation's, the overdue first."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from embrace.http.dependencies import SqlStoreDep, TaxonomyDep
from embrace.http.language import negotiate
from embrace.http.signin import SignedInDep, check_csrf
from embrace.naming import labeller
from embrace.weeks import label, shift
from services.reporting.pages import app_page, back_to, tenant_names
from services.reporting.tasks import service
from services.reporting.tasks.records import TaskUpdate, overdue

router = APIRouter(prefix="/app", include_in_schema=False)


@router.get("/tasks")
def tasks(request: Request, person: SignedInDep, sql_store: SqlStoreDep, taxonomy: TaxonomyDep) -> Response:
    this_week, tenant = label(date.today()), person.principal.tenant
    found = service.visible(sql_store, person.principal, tenant)
    late = {t.event_id for t in overdue(found, this_week)}
    return app_page(
        request,
        person,
        "tasks.html",
        "tasks",
        tasks=found,
        late=late,
        this_week=this_week,
        next_week=shift(this_week, 1),
        csrf=person.csrf_token,
        label=labeller(
            taxonomy, negotiate(request, header=False), tenant_names(sql_store, person.principal.tenant)
        ),
    )


@router.post("/tasks/{task_id:uuid}")
async def update(
    request: Request, task_id: uuid.UUID, person: SignedInDep, sql_store: SqlStoreDep
) -> Response:
    form = await request.form()
    check_csrf(person.csrf_token, form.get("csrf"))
    status = form.get("status")
    what = TaskUpdate.model_validate(
        {
            "status": status,
            "note": str(form.get("note") or "").strip() or None,
            "moved_to": form.get("moved_to") if status == "moved" else None,
        }
    )
    service.update(sql_store, person.principal, task_id, what)
    return back_to("/app/tasks")
