"""The Partner page as it is drawn after any of its forms: the tenant's organisations, each with the
people who sign in for it and its API keys; and who may use it (the tenant's admins)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace import i18n
from embrace.http.problems import ProblemError
from embrace.http.security import FORBIDDEN
from embrace.http.signin import check_csrf
from embrace.roles import TENANT_ROLES
from embrace.sqlstore.accounts import SignedIn
from embrace.sqlstore.registry import ORGANISATION_KINDS, Problems, list_organisations
from embrace.sqlstore.tables import ApiKey, User
from services.ingest.context import Ingest
from services.ingest.web.rendering import page_language, render


def admin_only(signed: SignedIn) -> None:
    if not signed.principal.may("manage_partners"):
        raise ProblemError(403, FORBIDDEN, kind="forbidden")


async def admin_form(request: Request, signed: SignedIn) -> dict[str, str]:
    form = {key: str(value) for key, value in (await request.form()).items()}
    check_csrf(signed.csrf_token, form.get("csrf"))
    admin_only(signed)
    return form


def said(problems: Problems, request: Request) -> dict[str, str]:
    language = page_language(request)
    return {
        field: i18n.gettext(f"registry.{code}", language, **params)
        for field, (code, params) in problems.items()
    }


def partners_page(
    request: Request, signed: SignedIn, ingest: Ingest, status: int = 200, **context: Any
) -> Response:
    with ingest.sql_store.session() as session:
        organisations = list_organisations(session, signed.principal.tenant)
        ids = [o.id for o in organisations]
        people, keys = _people(session, ids), _keys(session, ids)
        listed = [(o.slug, o.name, o.kind, people.get(o.id, []), keys.get(o.id, [])) for o in organisations]
    context.setdefault("errors", {})
    context.setdefault("renamed", "")  # the organisation whose new name was refused
    return render(request, "partners.html", status, signed=signed, organisations=listed,
                  kinds=ORGANISATION_KINDS, roles=TENANT_ROLES, **context)  # fmt: skip


def _people(
    session: Session, organisation_ids: list[int]
) -> dict[int, list[tuple[int, str, str, str, bool]]]:
    """Each organisation's people by name: id, name, e-mail, role, and if their access is closed."""
    found: dict[int, list[tuple[int, str, str, str, bool]]] = {}
    people = session.scalars(select(User).where(User.organisation_id.in_(organisation_ids)))
    for p in sorted(people, key=lambda p: p.name.casefold()):
        found.setdefault(p.organisation_id, []).append(
            (p.id, p.name, p.email, p.role, p.disabled_at is not None)
        )
    return found


def _keys(session: Session, organisation_ids: list[int]) -> dict[int, list[tuple[str, str, str, str, bool]]]:
    """Each organisation's API keys, newest first: prefix, label, role, the day made, and if revoked."""
    found: dict[int, list[tuple[str, str, str, str, bool]]] = {}
    query = select(ApiKey).where(ApiKey.organisation_id.in_(organisation_ids)).order_by(ApiKey.id.desc())
    for key in session.scalars(query):
        made = key.created_at.date().isoformat()
        found.setdefault(key.organisation_id, []).append(
            (key.prefix, key.label, key.role, made, bool(key.revoked_at))
        )
    return found
