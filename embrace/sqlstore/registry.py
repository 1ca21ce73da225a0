"""Tenants and organisations: who may report, and under which municipality."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace import i18n
from embrace.contracts import RegisteredOrganisation, RegisteredTenant
from embrace.contracts.fields import OrganisationKind
from embrace.errors import OperatorError
from embrace.naming import Names
from embrace.sqlstore.outbox import enqueue
from embrace.sqlstore.place_tables import StoredArea
from embrace.sqlstore.tables import ApiKey, Organisation, Tenant
from embrace.topics import ORGANISATIONS, TENANTS

ORGANISATION_KINDS: tuple[str, ...] = get_args(OrganisationKind)
NAME_LENGTH = 200  # the tables' (and within the messages' 300)


# What is wrong with a field: a catalogue id under ``registry.`` and its parameters.
Problems = dict[str, tuple[str, dict[str, object]]]


def refuse(problems: Problems) -> None:
    """Raise the first problem, if any, as an operator's error in English (the CLI's language)."""
    if problems:
        code, params = next(iter(problems.values()))
        raise OperatorError(i18n.gettext(f"registry.{code}", "en", **params))


def name_problems(name: str) -> Problems:
    n = len(" ".join(name.split()))
    return {} if 1 <= n <= NAME_LENGTH else {"name": ("name_length", {"n": n, "most": NAME_LENGTH})}


def _name(name: str) -> str:
    """A name people read, as it is kept and published."""
    refuse(name_problems(name))
    return " ".join(name.split())


def organisation_problems(session: Session, tenant: str, slug: str, name: str, kind: str) -> Problems:
    """What is wrong with a new organisation of ``tenant``, by field (``id``, ``name``, ``kind``)."""
    problems: Problems = {}
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", slug):
        problems["id"] = ("id_form", {"slug": slug})
    elif find_organisation(session, tenant, slug) is not None:
        problems["id"] = ("id_taken", {"slug": slug, "tenant": tenant})
    if kind not in ORGANISATION_KINDS:
        problems["kind"] = ("kind_unknown", {"kind": kind, "kinds": ", ".join(ORGANISATION_KINDS)})
    return {**problems, **name_problems(name)}


def add_tenant(session: Session, code: str, name: str) -> Tenant:
    if not re.fullmatch(r"[0-9]{4}", code):
        raise OperatorError(f"tenant code {code!r} must be a 4-digit municipality code, e.g. 0180")
    if session.get(Tenant, code) is not None:
        raise OperatorError(f"tenant {code} already exists")
    tenant = Tenant(code=code, name=_name(name))
    session.add(tenant)
    publish_names(session, [tenant], [])
    return tenant


def known_tenant(session: Session, code: str) -> Tenant:
    """The tenant of ``code``, or an error that says how to add it."""
    tenant = session.get(Tenant, code)
    if tenant is None:
        raise OperatorError(f"no tenant {code}; add it first with `embrace tenants add {code} NAME`")
    return tenant


def add_organisation(session: Session, tenant: str, slug: str, name: str, kind: str) -> Organisation:
    known_tenant(session, tenant)
    refuse(organisation_problems(session, tenant, slug, name, kind))
    organisation = Organisation(tenant=tenant, slug=slug, name=_name(name), kind=kind)
    session.add(organisation)
    session.flush()
    publish_names(session, [], [organisation])
    return organisation


def rename_tenant(session: Session, code: str, name: str) -> None:
    tenant = known_tenant(session, code)
    tenant.name = _name(name)
    publish_names(session, [tenant], [])


def rename_organisation(session: Session, tenant: str, slug: str, name: str) -> None:
    organisation = require_organisation(session, tenant, slug)
    organisation.name = _name(name)
    publish_names(session, [], [organisation])


def publish_names(session: Session, tenants: list[Tenant], organisations: list[Organisation]) -> None:
    """Put their names on the bus for the warehouse, in the session's transaction. Each publication is
    a version numbered by its millisecond, so the latest one is what readers keep."""
    now = datetime.now(UTC)
    stamp = {"occurred": now, "published": now, "version": int(now.timestamp() * 1000)}
    enqueue(session, [
        *(TENANTS.record(RegisteredTenant(event_id=_identity("tenant", t.code), tenant=t.code,
                                          name=t.name, **stamp)) for t in tenants),
        *(ORGANISATIONS.record(RegisteredOrganisation(
            event_id=_identity("organisation", f"{o.tenant}/{o.slug}"), tenant=o.tenant,
            organisation=o.slug, name=o.name, kind=o.kind, **stamp)) for o in organisations),
    ])  # fmt: skip


def publish_every_name(session: Session) -> int:
    """Publish every tenant's and organisation's name again (after an upgrade, or into a rebuilt
    warehouse)."""
    tenants, organisations = list_tenants(session), list_organisations(session)
    publish_names(session, tenants, organisations)
    return len(tenants) + len(organisations)


def _identity(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"embrace:{kind}:{key}")


def find_organisation(session: Session, tenant: str, slug: str) -> Organisation | None:
    return session.scalars(
        select(Organisation).where(Organisation.tenant == tenant, Organisation.slug == slug)
    ).first()


def require_organisation(session: Session, tenant: str, slug: str) -> Organisation:
    organisation = find_organisation(session, tenant, slug)
    if organisation is None:
        raise OperatorError(i18n.gettext("registry.organisation_unknown", "en", slug=slug, tenant=tenant))
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
