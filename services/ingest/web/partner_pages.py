"""A municipality's partners in the web app: its organisations and the people who sign in for them. Its
admins add an organisation, and a person with a first password that the page shows once; they close and
open a person's access, and give a new password to someone who has lost theirs."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from embrace import i18n
from embrace.http.problems import ProblemError
from embrace.http.signin import SignedInDep
from embrace.roles import TENANT_ROLES
from embrace.sqlstore.accounts import SignedIn, add_user, let_in, person_problems, replace_password
from embrace.sqlstore.registry import (
    add_organisation,
    find_organisation,
    name_problems,
    organisation_problems,
    rename_organisation,
)
from embrace.sqlstore.tables import Organisation, User
from services.ingest.context import IngestDep
from services.ingest.web.partner_listing import admin_form, admin_only, partners_page, said

router = APIRouter(prefix="/app", include_in_schema=False)
NO_SUCH_PERSON = i18n.both("problem.no_such_person")
NO_SUCH_ORGANISATION = i18n.both("problem.no_such_organisation")
PASSWORD_BYTES = 12  # 16 characters: above the store's least, typed once before the person changes it


@router.get("/partners")
def partners(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    admin_only(signed)
    added = request.query_params.get("added", "")
    return partners_page(request, signed, ingest, added=added)


@router.post("/partners/organisations")
async def new_organisation(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    form = await admin_form(request, signed)
    tenant, slug = signed.principal.tenant, form.get("id", "").strip()
    with ingest.sql_store.session() as session:
        problems = organisation_problems(session, tenant, slug, form.get("name", ""), form.get("kind", ""))
        if not problems:
            add_organisation(session, tenant, slug, form["name"], form["kind"])
    if problems:
        return partners_page(request, signed, ingest, 422, organisation=form, errors=said(problems, request))
    return RedirectResponse(f"/app/partners?added={slug}", status_code=303)


@router.post("/partners/organisations/{slug}/name")
async def rename(request: Request, slug: str, signed: SignedInDep, ingest: IngestDep) -> Response:
    """A new name for one of the tenant's organisations; its short id stays."""
    form = await admin_form(request, signed)
    with ingest.sql_store.session() as session:
        if find_organisation(session, signed.principal.tenant, slug) is None:
            raise ProblemError(404, NO_SUCH_ORGANISATION, kind="not_found")
        problems = name_problems(form.get("name", ""))
        if not problems:
            rename_organisation(session, signed.principal.tenant, slug, form["name"])
    if problems:
        refused = said(problems, request)
        return partners_page(
            request, signed, ingest, 422, renamed=slug, typed=form.get("name", ""), errors=refused
        )
    return RedirectResponse(f"/app/partners?added={slug}", status_code=303)


@router.post("/partners/people")
async def new_person(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    form = await admin_form(request, signed)
    tenant, password = signed.principal.tenant, secrets.token_urlsafe(PASSWORD_BYTES)
    email, name, role = form.get("email", ""), form.get("name", ""), form.get("role", "")
    with ingest.sql_store.session() as session:
        problems = person_problems(session, email, name, role, TENANT_ROLES)
        organisation = find_organisation(session, tenant, form.get("organisation", ""))
        if organisation is None:
            problems["organisation"] = ("organisation_choose", {})
        if not problems and organisation is not None:
            add_user(session, organisation, email, name, role, password)
    if problems:
        return partners_page(request, signed, ingest, 422, person=form, errors=said(problems, request))
    shown = {"name": " ".join(name.split()), "email": email.strip().lower(), "password": password}
    return partners_page(request, signed, ingest, 201, new_person=shown)


@router.post("/partners/people/{user_id:int}/access")
async def access(request: Request, user_id: int, signed: SignedInDep, ingest: IngestDep) -> Response:
    """Close (``allowed=0``) or open a person's access; not one's own, so an admin cannot lock out all."""
    form = await admin_form(request, signed)
    with ingest.sql_store.session() as session:
        found = _tenant_person(session, user_id, signed)
        if found.id != signed.user_id:
            let_in(session, found, form.get("allowed") == "1")
    return RedirectResponse("/app/partners", status_code=303)


@router.post("/partners/people/{user_id:int}/password")
async def new_password(request: Request, user_id: int, signed: SignedInDep, ingest: IngestDep) -> Response:
    """A new password, shown once, for someone who has lost theirs; one's own is changed knowing it."""
    await admin_form(request, signed)
    if user_id == signed.user_id:
        return RedirectResponse("/app/password", status_code=303)
    password = secrets.token_urlsafe(PASSWORD_BYTES)
    with ingest.sql_store.session() as session:
        found = _tenant_person(session, user_id, signed)
        replace_password(session, found, password)
        shown = {"name": found.name, "email": found.email, "password": password, "replaced": True}
    return partners_page(request, signed, ingest, new_person=shown)


def _tenant_person(session: Session, user_id: int, signed: SignedIn) -> User:
    """A person of one of the signed-in admin's tenant's organisations, or 404."""
    found = session.get(User, user_id)
    organisation = session.get(Organisation, found.organisation_id) if found else None
    if found is None or organisation is None or organisation.tenant != signed.principal.tenant:
        raise ProblemError(404, NO_SUCH_PERSON, kind="not_found")
    return found
