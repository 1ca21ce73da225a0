"""A SQL directory with a partner in it, for tests and benchmarks that start services by themselves."""

from __future__ import annotations

from pathlib import Path

from embrace.directory import Directory
from embrace.directory.credentials import new_api_key
from embrace.directory.registry import add_organisation, add_tenant, find_organisation
from embrace.directory.tables import Tenant


def partner_key(home: Path, tenant: str = "0180", slug: str = "kommunen", role: str = "reporter") -> str:
    """The directory under ``home`` with the tenant and organisation (added if new); an API key of it."""
    directory = Directory.connect(f"sqlite:///{home / 'directory.sqlite3'}")
    directory.migrate()
    with directory.session() as session:
        if session.get(Tenant, tenant) is None:
            add_tenant(session, tenant, f"Kommun {tenant}")
        organisation = find_organisation(session, tenant, slug) or add_organisation(
            session, tenant, slug, slug.title(), "municipality"
        )
        key = new_api_key(session, organisation, role=role)
    directory.close()
    return key
