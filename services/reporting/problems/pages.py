"""The web app's problems: the list and a new one (for the chair), and a problem's page with each
step's evidence and the forms that move it on."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy import select
from starlette.datastructures import FormData

from embrace.contracts.loop import STEPS, ProblemFields
from embrace.http.dependencies import SqlStoreDep, TaxonomyDep, WarehouseDep, WeekQuery
from embrace.http.language import negotiate
from embrace.http.problems import ProblemError
from embrace.http.signin import ChairDep, SignedInDep, checked_form
from embrace.naming import labeller
from embrace.sqlstore import SqlStore
from embrace.sqlstore.accounts import SignedIn
from embrace.sqlstore.registry import names_of
from embrace.sqlstore.tables import StoredIntervention
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from embrace.weeks import last_week
from services.reporting.pages import app_page, back_to, form_errors
from services.reporting.problems import service
from services.reporting.problems.records import LEDGER, ProblemChange, still_open

router = APIRouter(prefix="/app", include_in_schema=False)
CAUSES = ("offender", "place", "target", "handler", "manager", "guardian", "notes")


@router.get("/problems")
def problems(
    request: Request, person: SignedInDep, sql_store: SqlStoreDep, taxonomy: TaxonomyDep
) -> Response:
    return _list(request, person, sql_store, taxonomy)


@router.post("/problems")
async def create(
    request: Request, person: ChairDep, sql_store: SqlStoreDep, taxonomy: TaxonomyDep
) -> Response:
    form = await checked_form(request, person)
    try:
        fields = ProblemFields.model_validate(
            {
                "title": form.get("title"),
                "responsible_organisation": form.get("organisation"),
                "scope": {
                    "area_ids": form.getlist("area"),
                    "categories": form.getlist("category"),
                    "hours": _hours(str(form.get("hours") or "")),
                },
            }
        )
        problem = service.create(sql_store, taxonomy, person.principal.tenant, fields)
    except (ValidationError, ProblemError) as exc:
        errors = form_errors(exc, negotiate(request, header=False))
        return _list(request, person, sql_store, taxonomy, errors, 422)
    return back_to(f"/app/problems/{problem.event_id}")


@router.get("/problems/{problem_id:uuid}")
def problem(
    request: Request,
    problem_id: uuid.UUID,
    person: SignedInDep,
    sql_store: SqlStoreDep,
    warehouse: WarehouseDep,
    taxonomy: TaxonomyDep,
    week: WeekQuery = None,
) -> Response:
    return _problem_page(request, problem_id, person, sql_store, warehouse, taxonomy, week or last_week())


def _problem_page(request: Request, problem_id: uuid.UUID, person: SignedIn, sql_store: SqlStore,
                  warehouse: Warehouse, taxonomy: Taxonomy, week: str,
                  refused: tuple[list[str], FormData] | None = None) -> Response:  # fmt: skip
    """A problem's page; ``refused``: the faults of a form sent, which comes back as it was written."""
    found = service.read(sql_store, person.principal.tenant, problem_id)
    language = negotiate(request, header=False)  # the app's language, as the page around it
    shown = service.with_evidence(sql_store, warehouse, found, week, language)
    with sql_store.session() as session:
        query = select(StoredIntervention).where(StoredIntervention.tenant == person.principal.tenant)
        interventions = {row.id: row.payload["title"] for row in session.scalars(query)}
        names = names_of(session, person.principal.tenant)
    errors, sent = refused or ([], None)
    page = app_page(
        request, person, "problem.html", "problems", p=shown, steps=STEPS, causes=CAUSES,
        interventions=interventions, chair=person.principal.may("chair"), csrf=person.csrf_token,
        label=labeller(taxonomy, language, names), errors=errors,
        sent={k: str(v) for k, v in sent.items()} if sent else {},
    )  # fmt: skip
    page.status_code = 422 if errors else 200
    return page


@router.post("/problems/{problem_id:uuid}")
async def change(
    request: Request,
    problem_id: uuid.UUID,
    person: ChairDep,
    sql_store: SqlStoreDep,
    warehouse: WarehouseDep,
    taxonomy: TaxonomyDep,
) -> Response:
    form = await checked_form(request, person)
    given: dict[str, Any] = {"step": form.get("step") or None}
    if any(name in form for name in CAUSES):
        given["causes"] = {name: str(form.get(name) or "").strip() or None for name in CAUSES}
    if "intervention" in form:
        given["intervention_ids"] = form.getlist("intervention")
    if form.get("feedback"):
        given["feedback"] = form.get("feedback")
    if form.get("closed") in ("true", "false"):
        given["closed"] = form.get("closed") == "true"
    try:
        what = ProblemChange.model_validate({k: v for k, v in given.items() if v is not None})
        service.change(sql_store, taxonomy, person.principal.tenant, problem_id, what)
    except ValidationError as exc:
        errors = form_errors(exc, negotiate(request, header=False))
        return _problem_page(request, problem_id, person, sql_store, warehouse, taxonomy, last_week(),
                             (errors, form))  # fmt: skip
    return back_to(f"/app/problems/{problem_id}")


def _list(
    request: Request,
    person: SignedIn,
    sql_store: Any,
    taxonomy: Taxonomy,
    errors: list[str] | None = None,
    status: int = 200,
) -> Response:
    tenant = person.principal.tenant
    with sql_store.session() as session:
        found = LEDGER.every(session, tenant)
        names = names_of(session, tenant)
    page = app_page(
        request,
        person,
        "problems.html",
        "problems",
        problems=still_open(found),
        closed=[p for p in found if p.closed_in is not None and not p.retracted],
        errors=errors or [],
        chair=person.principal.may("chair"),
        csrf=person.csrf_token,
        organisations=list(names.organisations),
        areas=names.areas_by_name(),
        label=labeller(taxonomy, negotiate(request, header=False), names),
        categories=[c for c in taxonomy if c.group != "intervention"],
    )
    page.status_code = status
    return page


def _hours(text: str) -> list[int]:
    """ "18-23" or "18,19,20" as hours; what is not a number is left to the contract to refuse."""
    if "-" in text:
        first, last = (part.strip() for part in text.split("-", 1))
        if first.isdigit() and last.isdigit():
            return list(range(int(first), int(last) + 1))
    return [int(h) for h in text.replace(" ", "").split(",") if h.isdigit()]
