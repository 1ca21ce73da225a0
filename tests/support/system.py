"""The embedded system assembled by the real composition root, minus the HTTP server and threads."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry

from embrace.bus.inprocess import InProcessBus
from embrace.settings import Settings
from embrace.sqlstore import SqlStore
from embrace.sqlstore.accounts import add_user
from embrace.sqlstore.boundaries import save_boundaries
from embrace.sqlstore.credentials import new_api_key
from embrace.sqlstore.registry import add_organisation, add_tenant, find_organisation
from embrace.sqlstore.tables import Tenant
from embrace.warehouse import Warehouse
from services.cli.assembly import assemble_embedded
from services.cli.geo_commands import read_boundaries
from services.ingest.relay import OutboxRelay


def auth(key: str, **headers: str) -> dict[str, str]:
    """Headers that present an API key, as partners and integrators send it."""
    return {"Authorization": f"Bearer {key}", **headers}


def form_token(html: str) -> str:
    """The CSRF token of the first form on a page of the web app."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form token"
    return found.group(1)


def log_in(client: TestClient, email: str, password: str) -> None:
    """Sign a person in through the web app's login form."""
    client.get("/app/login")
    answer = client.post(
        "/app/login",
        data={"email": email, "password": password, "csrf": client.cookies["embrace_login_csrf"]},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


@dataclass
class System:
    settings: Settings
    sql_store: SqlStore
    warehouse: Warehouse
    bus: InProcessBus
    relay: OutboxRelay
    client: TestClient
    registry: CollectorRegistry

    def add_partner(self, tenant: str, slug: str, kind: str = "municipality", role: str = "reporter") -> str:
        """Add tenant and organisation when new (their names on the bus before the test goes on); return
        a new API key of the organisation."""
        with self.sql_store.session() as session:
            organisation = self._organisation(session, tenant, slug, kind)
            key = new_api_key(session, organisation, role=role)
        self.relay.drain()
        return key

    def add_person(self, tenant: str, slug: str, email: str, role: str = "reporter") -> str:
        """Add a person (and the organisation when new, published as above); return their password."""
        password = secrets.token_urlsafe(16)
        with self.sql_store.session() as session:
            organisation = self._organisation(session, tenant, slug, "municipality")
            add_user(session, organisation, email, email.split("@", maxsplit=1)[0].title(), role, password)
        self.relay.drain()
        return password

    def command_environment(self) -> dict[str, str]:
        """What a command run beside this system needs to find its stores (its home and warehouse)."""
        settings = self.settings
        return {"EMBRACE_HOME": str(settings.home), "EMBRACE_CLICKHOUSE_DSN": settings.warehouse_dsn,
                "EMBRACE_CLICKHOUSE_DATABASE": settings.clickhouse_database}  # fmt: skip

    @staticmethod
    def _organisation(session, tenant: str, slug: str, kind: str):  # type: ignore[no-untyped-def]
        if session.get(Tenant, tenant) is None:
            add_tenant(session, tenant, f"Kommun {tenant}")
        return find_organisation(session, tenant, slug) or add_organisation(
            session, tenant, slug, slug.title(), kind
        )


@contextmanager
def embedded_system(
    settings: Settings, boundaries: Path | None = None, base_url: str = "https://testserver"
) -> Iterator[System]:
    """The embedded system; ``boundaries`` (a municipality GeoJSON) is imported before the app starts."""

    def import_boundaries(sql_store: SqlStore) -> None:
        if boundaries is not None:
            with sql_store.session() as session:
                save_boundaries(session, read_boundaries(boundaries, "municipality"))

    system = assemble_embedded(settings, prepare=import_boundaries, retry_sleep=lambda _: None)
    try:
        with TestClient(system.app, base_url=base_url) as client:
            yield System(
                settings,
                system.sql_store,
                system.warehouse,
                system.bus,
                system.relay,
                client,
                system.registry,
            )
    finally:
        system.warehouse.command(f"DROP DATABASE IF EXISTS {system.warehouse.database}")
        system.close()
