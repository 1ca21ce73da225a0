"""A municipality's partners in the web app: its organisations and the people who sign in for them. Its
admins add an organisation, and a person with a first password that the page shows once."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from embrace import i18n
from embrace.http.problems import ProblemError
from embrace.http.security import FORBIDDEN
from embrace.http.signin import SignedInDep, check_csrf
from embrace.roles import TENANT_ROLES
from embrace.sqlstore.accounts import SignedIn, add_user, let_in, person_problems
from embrace.sqlstore.registry import (
    ORGANISATION_KINDS,
    Problems,
    add_organisation,
    find_organisation,
    list_organisations,
    name_problems,
    organisation_problems,
    rename_organisation,
)
from embrace.sqlstore.tables import Organisation, User
from services.ingest.context import Ingest, IngestDep
from services.ingest.web.rendering import page_language, render

router = APIRouter(prefix="/app", include_in_schema=False)
NO_SUCH_PERSON = i18n.both("problem.no_such_person")
NO_SUCH_ORGANISATION = i18n.both("problem.no_such_organisation")
PASSWORD_BYTES = 12  # 16 characters: above the store's least, typed once before the person changes it


@router.get("/partners")
def partners(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    _admin_only(signed)
    added = request.query_params.get("added", "")
    return _page(request, signed, ingest, added=added)


@router.post("/partners/organisations")
async def new_organisation(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    form = await _form(request, signed)
    tenant, slug = signed.principal.tenant, form.get("id", "").strip()
    with ingest.sql_store.session() as session:
        problems = organisation_problems(session, tenant, slug, form.get("name", ""), form.get("kind", ""))
        if not problems:
            add_organisation(session, tenant, slug, form["name"], form["kind"])
    if problems:
        return _page(request, signed, ingest, 422, organisation=form, errors=_said(problems, request))
    return RedirectResponse(f"/app/partners?added={slug}", status_code=303)


@router.post("/partners/organisations/{slug}/name")
async def rename(request: Request, slug: str, signed: SignedInDep, ingest: IngestDep) -> Response:
    """A new name for one of the tenant's organisations; its short id stays."""
    form = await _form(request, signed)
    with ingest.sql_store.session() as session:
        if find_organisation(session, signed.principal.tenant, slug) is None:
            raise ProblemError(404, NO_SUCH_ORGANISATION, kind="not_found")
        problems = name_problems(form.get("name", ""))
        if not problems:
            rename_organisation(session, signed.principal.tenant, slug, form["name"])
    if problems:
        said = _said(problems, request)
        return _page(request, signed, ingest, 422, renamed=slug, typed=form.get("name", ""), errors=said)
    return RedirectResponse(f"/app/partners?added={slug}", status_code=303)


@router.post("/partners/people")
async def new_person(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    form = await _form(request, signed)
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
        return _page(request, signed, ingest, 422, person=form, errors=_said(problems, request))
    shown = {"name": " ".join(name.split()), "email": email.strip().lower(), "password": password}
    return _page(request, signed, ingest, 201, new_person=shown)


@router.post("/partners/people/{user_id:int}/access")
async def access(request: Request, user_id: int, signed: SignedInDep, ingest: IngestDep) -> Response:
    """Close (``allowed=0``) or open a person's access; not one's own, so an admin cannot lock out all."""
    form = await _form(request, signed)
    with ingest.sql_store.session() as session:
        found = session.get(User, user_id)
        organisation = session.get(Organisation, found.organisation_id) if found else None
        if found is None or organisation is None or organisation.tenant != signed.principal.tenant:
            raise ProblemError(404, NO_SUCH_PERSON, kind="not_found")
        if found.id != signed.user_id:
            let_in(session, found, form.get("allowed") == "1")
    return RedirectResponse("/app/partners", status_code=303)


def _admin_only(signed: SignedIn) -> None:
    if not signed.principal.may("manage_partners"):
        raise ProblemError(403, FORBIDDEN, kind="forbidden")


async def _form(request: Request, signed: SignedIn) -> dict[str, str]:
    form = {key: str(value) for key, value in (await request.form()).items()}
    check_csrf(signed.csrf_token, form.get("csrf"))
    _admin_only(signed)
    return form


def _said(problems: Problems, request: Request) -> dict[str, str]:
    language = page_language(request)
    return {
        field: i18n.gettext(f"registry.{code}", language, **params)
        for field, (code, params) in problems.items()
    }


def _page(request: Request, signed: SignedIn, ingest: Ingest, status: int = 200, **context: Any) -> Response:
    tenant = signed.principal.tenant
    with ingest.sql_store.session() as session:
        organisations = list_organisations(session, tenant)
        people = session.scalars(select(User).where(User.organisation_id.in_([o.id for o in organisations])))
        by_organisation: dict[int, list[tuple[int, str, str, str, bool]]] = {}
        for p in sorted(people, key=lambda p: p.name.casefold()):
            listed_person = (p.id, p.name, p.email, p.role, p.disabled_at is not None)
            by_organisation.setdefault(p.organisation_id, []).append(listed_person)
        listed = [(o.slug, o.name, o.kind, by_organisation.get(o.id, [])) for o in organisations]
    context.setdefault("errors", {})
    context.setdefault("renamed", "")  # the organisation whose new name was refused
    return render(request, "partners.html", status, signed=signed, organisations=listed,
                  kinds=ORGANISATION_KINDS, roles=TENANT_ROLES, **context)  # fmt: skip
