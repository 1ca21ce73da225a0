"""Registering and updating interventions from the web app."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from embrace.contracts import Intervention
from embrace.http.problems import ProblemError
from embrace.http.signin import SignedInDep, check_csrf
from embrace.messages import NO_SUCH_INTERVENTION
from embrace.sqlstore.accounts import SignedIn
from embrace.sqlstore.interventions import (
    InterventionChange,
    changed_intervention,
    check_intervention,
    interventions_of,
    may_change,
    new_intervention,
    store_intervention,
)
from embrace.sqlstore.registry import list_organisations
from embrace.sqlstore.tables import StoredIntervention
from services.ingest.areas import areas_of
from services.ingest.context import Ingest, IngestDep
from services.ingest.web.forms import FormResult, read_intervention, record_problems
from services.ingest.web.rendering import page_language, render

router = APIRouter(prefix="/app", include_in_schema=False)


def _choices(ingest: Ingest, tenant: str) -> dict[str, object]:
    with ingest.sql_store.session() as session:
        areas = [(a.area_id, a.name) for a in areas_of(session, tenant)]
        organisations = [(o.slug, o.name) for o in list_organisations(session, tenant)]
    return {"areas": areas, "organisations": organisations, "taxonomy": ingest.taxonomy}


def _list_page(
    request: Request, signed: SignedIn, ingest: Ingest, status: int = 200, **context: object
) -> Response:
    with ingest.sql_store.session() as session:
        stored = [
            (s.id, Intervention.model_validate(s.payload), may_change(signed.principal, s))
            for s in interventions_of(session, signed.principal.tenant)
        ]
    context.setdefault("values", {"status": "planned", "responsible": signed.principal.organisation})
    context.setdefault("errors", {})
    return render(
        request,
        "interventions.html",
        status,
        signed=signed,
        interventions=stored,
        **_choices(ingest, signed.principal.tenant),
        **context,
    )


@router.get("/interventions")
def interventions_page(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    return _list_page(request, signed, ingest, saved=request.query_params.get("saved") == "1")


@router.post("/interventions")
async def register(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    raw = await request.form()
    form = {k: str(v) for k, v in raw.items() if k != "targets"}
    check_csrf(signed.csrf_token, form.get("csrf"))
    language = page_language(request)
    submission, result = read_intervention(form, [str(t) for t in raw.getlist("targets")], language)
    if submission is not None and signed.principal.may("report"):
        intervention = new_intervention(submission, signed.principal, datetime.now(UTC))
        with ingest.sql_store.session() as session:
            problems = check_intervention(session, intervention, ingest.taxonomy, ingest.places)
            if not problems:
                store_intervention(session, signed.principal, intervention)
        record_problems(result, problems, language)
        if not result.errors:
            return RedirectResponse("/app/interventions?saved=1", status_code=303)
    return _list_page(request, signed, ingest, 422, values=result.values, errors=result.errors)


@router.get("/interventions/{intervention_id}")
def edit_page(
    intervention_id: uuid.UUID, request: Request, signed: SignedInDep, ingest: IngestDep
) -> Response:
    with ingest.sql_store.session() as session:
        stored = _own(session.get(StoredIntervention, str(intervention_id)), signed)
        intervention = Intervention.model_validate(stored.payload)
        allowed = may_change(signed.principal, stored)
    return _edit(request, signed, ingest, intervention, allowed, FormResult(_values(intervention)))


@router.post("/interventions/{intervention_id}")
async def change(
    intervention_id: uuid.UUID, request: Request, signed: SignedInDep, ingest: IngestDep
) -> Response:
    raw = await request.form()
    form = {k: str(v) for k, v in raw.items() if k != "targets"}
    check_csrf(signed.csrf_token, form.get("csrf"))
    language = page_language(request)
    submission, result = read_intervention(form, [str(t) for t in raw.getlist("targets")], language)
    with ingest.sql_store.session() as session:
        stored = _own(session.get(StoredIntervention, str(intervention_id)), signed)
        current = Intervention.model_validate(stored.payload)
        allowed = may_change(signed.principal, stored) and signed.principal.may("report")
        if submission is not None and allowed:
            fields = submission.model_dump(exclude={"responsible_organisation"})
            fields["responsible_organisation"] = (
                submission.responsible_organisation or current.responsible_organisation
            )
            try:
                revised = changed_intervention(current, InterventionChange(**fields), datetime.now(UTC))
                record_problems(
                    result, check_intervention(session, revised, ingest.taxonomy, ingest.places), language
                )
            except ValidationError as exc:
                result.errors.setdefault("end", str(exc.errors()[0]["msg"]))
            if not result.errors:
                store_intervention(session, signed.principal, revised)
    if submission is not None and allowed and not result.errors:
        return RedirectResponse("/app/interventions?saved=1", status_code=303)
    return _edit(request, signed, ingest, current, allowed, result, 422 if allowed else 403)


def _own(stored: StoredIntervention | None, signed: SignedIn) -> StoredIntervention:
    if stored is None or stored.tenant != signed.principal.tenant:
        raise ProblemError(404, NO_SUCH_INTERVENTION)
    return stored


def _edit(
    request: Request,
    signed: SignedIn,
    ingest: Ingest,
    intervention: Intervention,
    allowed: bool,
    result: FormResult,
    status: int = 200,
) -> Response:
    return render(
        request,
        "intervention.html",
        status,
        signed=signed,
        intervention=intervention,
        allowed=allowed,
        values=result.values,
        errors=result.errors,
        **_choices(ingest, signed.principal.tenant),
    )


def _values(intervention: Intervention) -> dict[str, object]:
    point = intervention.place.point
    return {
        "title": intervention.title,
        "kind": intervention.kind,
        "description": intervention.description or "",
        "area_id": intervention.place.area_id or "",
        "lat": point.lat if point else "",
        "lon": point.lon if point else "",
        "start": intervention.start.isoformat(),
        "end": intervention.end.isoformat() if intervention.end else "",
        "status": intervention.status,
        "responsible": intervention.responsible_organisation,
        "targets": list(intervention.targeted_categories),
    }
