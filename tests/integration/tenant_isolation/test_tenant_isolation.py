"""Organisation A can read or change nothing of tenant B, through any endpoint.

The test enumerates the application's routes: an endpoint added later without a case here fails it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from embrace.settings import Settings
from embrace.sqlstore.tables import StoredIntervention, StoredReport
from tests.integration.tenant_isolation.api_attempts import (
    intervention_attempts,
    loop_attempts,
    reading_attempts,
    report_attempts,
)
from tests.integration.tenant_isolation.app_attempts import app_attempts, mail_attempts, place_attempts
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
}


@pytest.fixture
def tenants(settings: Settings) -> Iterator[Tenants]:
    with two_tenants(settings) as both:
        yield both


def attempts(t: Tenants) -> Attempts:
    """For each route, what A tries against B, and the statuses that mean 'nothing of B'."""
    return {**report_attempts(t), **intervention_attempts(t), **reading_attempts(t), **app_attempts(t),
            **loop_attempts(t), **place_attempts(t), **mail_attempts(t)}  # fmt: skip


def test_organisation_a_can_read_or_change_nothing_of_tenant_b(tenants: Tenants) -> None:
    tried = attempts(tenants)
    # The OpenAPI document lists every route, however routers are included (app.routes holds them lazily).
    paths = tenants.system.client.get("/openapi.json").json()["paths"]
    routes = {
        (method.upper(), _templated(path))
        for path, operations in paths.items()
        for method in operations
        if path not in PUBLIC
    }
    assert routes - set(tried) == set(), "routes without a tenant-isolation case"
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


def _templated(path: str) -> str:
    """An OpenAPI path as the cases name it: a uuid parameter keeps its converter."""
    return re.sub(r"\{(\w+_id)\}", r"{\1:uuid}", path)
