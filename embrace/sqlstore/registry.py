"""Tenants and organisations: who may report, and under which municipality."""

from __future__ import annotations

import re
from typing import get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.contracts.fields import Source
from embrace.errors import OperatorError
from embrace.naming import Names
from embrace.sqlstore.place_tables import StoredArea
from embrace.sqlstore.tables import ApiKey, Organisation, Tenant

ORGANISATION_KINDS = tuple(kind for kind in get_args(Source) if kind != "police_events")


def add_tenant(session: Session, code: str, name: str) -> Tenant:
    if not re.fullmatch(r"[0-9]{4}", code):
        raise OperatorError(f"tenant code {code!r} must be a 4-digit municipality code, e.g. 0180")
    if session.get(Tenant, code) is not None:
        raise OperatorError(f"tenant {code} already exists")
    tenant = Tenant(code=code, name=name)
    session.add(tenant)
    return tenant


def add_organisation(session: Session, tenant: str, slug: str, name: str, kind: str) -> Organisation:
    if session.get(Tenant, tenant) is None:
        raise OperatorError(f"no tenant {tenant}; add it first with `embrace tenants add {tenant} NAME`")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", slug):
        raise OperatorError(f"organisation id {slug!r} must be lower-case letters, digits and -")
    if kind not in ORGANISATION_KINDS:
        raise OperatorError(f"organisation kind {kind!r} is not one of {', '.join(ORGANISATION_KINDS)}")
    if find_organisation(session, tenant, slug) is not None:
        raise OperatorError(f"organisation {slug} already exists in tenant {tenant}")
    organisation = Organisation(tenant=tenant, slug=slug, name=name, kind=kind)
    session.add(organisation)
    session.flush()
    return organisation


def find_organisation(session: Session, tenant: str, slug: str) -> Organisation | None:
    return session.scalars(
        select(Organisation).where(Organisation.tenant == tenant, Organisation.slug == slug)
    ).first()


def require_organisation(session: Session, tenant: str, slug: str) -> Organisation:
    organisation = find_organisation(session, tenant, slug)
    if organisation is None:
        raise OperatorError(f"no organisation {slug} in tenant {tenant}; see `embrace orgs list`")
    return organisation


def list_tenants(session: Session) -> list[Tenant]:
    return list(session.scalars(select(Tenant).order_by(Tenant.code)))


def list_organisations(session: Session, tenant: str | None = None) -> list[Organisation]:
    query = select(Organisation).order_by(Organisation.tenant, Organisation.slug)
    if tenant is not None:
        query = query.where(Organisation.tenant == tenant)
    return list(session.scalars(query))


def names_of(session: Session, tenant: str | None) -> Names:
    """What ``tenant`` calls its codes; ``None``: every tenant's, keyed ``tenant/code`` and each name
    followed by its tenant's, since two municipalities may both have a "Centrum"."""
    query = select(StoredArea.tenant, StoredArea.area_id, StoredArea.name)
    areas = session.execute(query if tenant is None else query.where(StoredArea.tenant == tenant)).all()
    organisations = [(o.tenant, o.slug, o.name) for o in list_organisations(session, tenant)]
    if tenant is not None:
        found = session.get(Tenant, tenant)
        return Names(found.name if found else tenant, {a: n for _, a, n in areas},
                     {o: n for _, o, n in organisations})  # fmt: skip
    tenants = {t.code: t.name for t in list_tenants(session)}
    return Names("", {f"{t}/{a}": f"{n}, {tenants.get(t, t)}" for t, a, n in areas},
                 {f"{t}/{o}": f"{n}, {tenants.get(t, t)}" for t, o, n in organisations}, tenants)  # fmt: skip


def list_api_keys(session: Session, organisation: Organisation) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).where(ApiKey.organisation_id == organisation.id)))
