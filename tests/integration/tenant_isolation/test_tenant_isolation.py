"""Organisation A can read or change nothing of tenant B, through any endpoint or page.

The test enumerates the routes the services serve: one added later without a case here fails it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from embrace.settings import Settings
from embrace.sqlstore.tables import StoredIntervention, StoredReport
from services.cli.http_app import ingest_routers, read_routers
from services.ingest.web.install import PAGES
from tests.integration.tenant_isolation.api_attempts import (
    intervention_attempts,
    loop_attempts,
    reading_attempts,
    report_attempts,
)
from tests.integration.tenant_isolation.app_attempts import app_attempts, mail_attempts, place_attempts
from tests.integration.tenant_isolation.page_attempts import loop_page_attempts, partner_page_attempts
from tests.integration.tenant_isolation.two_tenants import WEEK, Attempts, Tenants, two_tenants
from tests.support.system import auth

# Routes that hold no tenant data at all.
PUBLIC = {
    "/v1/subscriptions/unsubscribe",  # the token of a mailed link is the key
    "/healthz",
    "/readyz",
    "/metrics",
    "/openapi.json",
    "/docs",
    "/docs/oauth2-redirect",
    "/redoc",
    "/app",
    "/app/login",
    "/app/language/{language}",
    "/app/logout",
    "/app/password",  # the signed-in person's own
}


@pytest.fixture
def tenants(settings: Settings) -> Iterator[Tenants]:
    with two_tenants(settings) as both:
        yield both


def attempts(t: Tenants) -> Attempts:
    """For each route, what A tries against B, and the statuses that mean 'nothing of B'."""
    return {**report_attempts(t), **intervention_attempts(t), **reading_attempts(t), **app_attempts(t),
            **loop_attempts(t), **place_attempts(t), **mail_attempts(t), **loop_page_attempts(t),
            **partner_page_attempts(t)}  # fmt: skip


def test_organisation_a_can_read_or_change_nothing_of_tenant_b(tenants: Tenants) -> None:
    tried = attempts(tenants)
    named = {(method, _templated(path)) for method, path in tried}
    assert served() - named == set(), "routes without a tenant-isolation case"
    leaks = {
        route: statuses
        for route, statuses in tried.items()
        if not all(s in (403, 404, 422) for s in statuses)
    }
    assert leaks == {}
    with tenants.system.sql_store.session() as session:
        report = session.get(StoredReport, tenants.report_b)
        intervention = session.get(StoredIntervention, tenants.intervention_b)
        assert report is not None
        assert intervention is not None
        assert (report.version, report.retracted, intervention.version) == (1, False, 1)
    tenants.system.relay.drain()
    seen_by_b = tenants.system.client.get(
        f"/v1/stats/weekly?week={WEEK.label}", headers=auth(tenants.key_b)
    ).json()
    assert seen_by_b["incidents"] == 3


def served() -> set[tuple[str, str]]:
    """Every route of the API and the web app's pages, but the public ones."""
    return {
        (method, _templated(route.path))
        for router in (*ingest_routers(), *read_routers(), *(page.router for page in PAGES))
        for route in router.routes
        for method in getattr(route, "methods", set()) - {"HEAD"}
        if route.path not in PUBLIC
    }


def _templated(path: str) -> str:
    """A route as the cases name it: its parameters by name, an id one with the converter ``uuid``."""
    return re.sub(r"\{(\w+_id)\}", r"{\1:uuid}", re.sub(r"\{(\w+):\w+\}", r"{\1}", path))
