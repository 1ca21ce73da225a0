"""A SQL store with a partner in it, for tests and benchmarks that start services by themselves."""

from __future__ import annotations

from pathlib import Path

from embrace.sqlstore import SqlStore
from embrace.sqlstore.credentials import Principal, authenticate_api_key, new_api_key
from embrace.sqlstore.registry import add_organisation, add_tenant, find_organisation
from embrace.sqlstore.tables import Tenant


def partner_key(home: Path, tenant: str = "0180", slug: str = "kommunen", role: str = "reporter",
                url: str = "") -> str:  # fmt: skip
    """The SQL store under ``home`` (or at ``url``) with the tenant and organisation (added if new); an
    API key of it."""
    sql_store = SqlStore.connect(url or f"sqlite:///{home / 'embrace.sqlite3'}")
    sql_store.migrate()
    with sql_store.session() as session:
        if session.get(Tenant, tenant) is None:
            add_tenant(session, tenant, f"Kommun {tenant}")
        organisation = find_organisation(session, tenant, slug) or add_organisation(
            session, tenant, slug, slug.title(), "municipality"
        )
        key = new_api_key(session, organisation, role=role)
    sql_store.close()
    return key


def seed(sql_store: SqlStore) -> str:
    """A housing company of Stockholm in ``sql_store``; an API key of it."""
    with sql_store.session() as session:
        add_tenant(session, "0180", "Stockholms stad")
        organisation = add_organisation(session, "0180", "bostadsbolaget", "Bostadsbolaget AB", "housing")
        return new_api_key(session, organisation, "integration")


def principal_of(sql_store: SqlStore, key: str) -> Principal:
    """Who ``key`` is, as a request carrying it is let in."""
    with sql_store.reading() as connection:
        principal = authenticate_api_key(connection, key)
    assert principal is not None, "the key lets nobody in"
    return principal
