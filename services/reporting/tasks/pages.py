"""The web app's tasks, made for a phone: a partner sees its own still to do and says how each went, and
those settled lately; the chair sees every organisation's, and may withdraw one given by mistake."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from embrace import i18n
from embrace.contracts.fields import ISO_WEEK
from embrace.http.dependencies import SqlStoreDep, TaxonomyDep
from embrace.http.language import negotiate
from embrace.http.problems import ProblemError
from embrace.http.signin import SignedInDep, checked_form
from embrace.naming import labeller
from embrace.sqlstore import SqlStore
from embrace.sqlstore.accounts import SignedIn
from embrace.sqlstore.subscriptions import TASK_MAIL, subscribed
from embrace.taxonomy import Taxonomy
from embrace.weeks import shift, this_week
from services.reporting.pages import app_page, back_to, form_errors, tenant_names
from services.reporting.tasks import service
from services.reporting.tasks.records import STILL_TO_DO, TaskUpdate, overdue

router = APIRouter(prefix="/app", include_in_schema=False)
SETTLED_WEEKS = 4  # settled tasks the page shows: those due in these last weeks (the API lists every one)
LABELS = {"moved_to": "task.move_to", "note": "task.note", "status": "meeting.status"}


@router.get("/tasks")
def tasks(request: Request, person: SignedInDep, sql_store: SqlStoreDep, taxonomy: TaxonomyDep) -> Response:
    return _page(request, person, sql_store, taxonomy)


def _page(request: Request, person: SignedIn, sql_store: SqlStore, taxonomy: Taxonomy,
          refused: tuple[uuid.UUID, list[str], FormData] | None = None) -> Response:  # fmt: skip
    """The tasks; ``refused``: a task whose update had faults, shown beside it as it was sent."""
    week, tenant = this_week(), person.principal.tenant
    found = service.visible(sql_store, person.principal, tenant)
    late = {t.event_id for t in overdue(found, week)}
    recent = shift(week, -SETTLED_WEEKS)
    settled = [t for t in reversed(found) if t.status not in STILL_TO_DO and t.due_week > recent]
    task, errors, sent = refused or (None, [], None)
    page = app_page(
        request, person, "tasks.html", "tasks", to_do=[t for t in found if t.status in STILL_TO_DO],
        settled=settled, settled_weeks=SETTLED_WEEKS, late=late, this_week=week,
        next_week=shift(week, 1), csrf=person.csrf_token, refused=task, errors=errors,
        chair=person.principal.may("chair"), signed=person, mailed=_mailed(sql_store, person),
        sent={k: str(v) for k, v in sent.items()} if sent else {},
        label=labeller(taxonomy, negotiate(request, header=False), tenant_names(sql_store, tenant)),
    )  # fmt: skip
    page.status_code = 422 if errors else 200
    return page


def _mailed(sql_store: SqlStore, person: SignedIn) -> bool:
    """Whether the person gets the mail of their organisation's new tasks."""
    with sql_store.session() as session:
        return subscribed(session, person.principal.tenant, person.email, TASK_MAIL)


@router.post("/tasks/{task_id:uuid}")
async def update(
    request: Request, task_id: uuid.UUID, person: SignedInDep, sql_store: SqlStoreDep, taxonomy: TaxonomyDep
) -> Response:
    form = await checked_form(request, person)
    status = form.get("status")
    try:
        what = TaskUpdate.model_validate(
            {
                "status": status,
                "note": str(form.get("note") or "").strip() or None,
                "moved_to": form.get("moved_to") if status == "moved" else None,
            }
        )
        service.update(sql_store, person.principal, task_id, what)
    except (ValidationError, ProblemError) as exc:
        if isinstance(exc, ProblemError) and exc.status != 422:
            raise  # another organisation's task, or none: not a fault of the form
        language = negotiate(request, header=False)
        named = {field: i18n.gettext(label, language) for field, label in LABELS.items()}
        errors = form_errors(exc, language, lambda field: named.get(field, field))
        return _page(request, person, sql_store, taxonomy, (task_id, errors, form))
    return back_to("/app/tasks")


@router.post("/tasks/{task_id:uuid}/withdraw")
async def withdraw(
    request: Request, task_id: uuid.UUID, person: SignedInDep, sql_store: SqlStoreDep
) -> Response:
    form = await checked_form(request, person)
    service.withdraw(sql_store, person.principal, task_id)
    try:  # withdrawn on the page of the meeting that gave it: back there
        return back_to(f"/app/meeting?week={ISO_WEEK.validate_python(form.get('week'))}")
    except ValidationError:
        return back_to("/app/tasks")
