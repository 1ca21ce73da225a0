"""The API keys of a municipality's partners, on the Partner page: its admins make a key for an
organisation's system (shown once) and revoke one. Only a hash of a key is kept."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from embrace import i18n
from embrace.http.problems import ProblemError
from embrace.http.signin import SignedInDep
from embrace.roles import TENANT_ROLES
from embrace.sqlstore.credentials import new_api_key, revoke_api_key
from embrace.sqlstore.registry import Problems, find_organisation
from embrace.sqlstore.tables import ApiKey, Organisation
from services.ingest.context import IngestDep
from services.ingest.web.partner_listing import admin_form, partners_page, said

router = APIRouter(prefix="/app", include_in_schema=False)
NO_SUCH_KEY = i18n.both("problem.no_such_key")
LABEL_LENGTH = 200


@router.post("/partners/keys")
async def new_key(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    form = await admin_form(request, signed)
    label, role = " ".join(form.get("label", "").split()), form.get("role", "")
    with ingest.sql_store.session() as session:
        organisation = find_organisation(session, signed.principal.tenant, form.get("organisation", ""))
        problems: Problems = {} if organisation else {"organisation": ("organisation_choose", {})}
        if role not in TENANT_ROLES:
            problems["key_role"] = ("role_unknown", {"role": role, "roles": ", ".join(TENANT_ROLES)})
        if len(label) > LABEL_LENGTH:
            problems["label"] = ("name_length", {"n": len(label), "most": LABEL_LENGTH})
        key = new_api_key(session, organisation, label, role) if organisation and not problems else ""
        named = organisation.name if organisation else ""
    if problems:
        return partners_page(request, signed, ingest, 422, key_form=form, errors=said(problems, request))
    return partners_page(request, signed, ingest, 201, new_key={"organisation": named, "key": key})


@router.post("/partners/keys/{prefix}/revoke")
async def revoke(request: Request, prefix: str, signed: SignedInDep, ingest: IngestDep) -> Response:
    await admin_form(request, signed)
    with ingest.sql_store.session() as session:
        tenant = session.scalar(
            select(Organisation.tenant).join(ApiKey, ApiKey.organisation_id == Organisation.id)
            .where(ApiKey.prefix == prefix)
        )  # fmt: skip
        if tenant != signed.principal.tenant:
            raise ProblemError(404, NO_SUCH_KEY, kind="not_found")
        revoke_api_key(session, prefix)
    return RedirectResponse("/app/partners", status_code=303)
