"""The embedded system assembled by the real composition root, minus the HTTP server and threads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry

from embrace.bus.inprocess import InProcessBus
from embrace.bus.metrics import BusMetrics
from embrace.directory import Directory
from embrace.directory.credentials import new_api_key
from embrace.directory.registry import add_organisation, add_tenant
from embrace.settings import Settings
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from services.cli.bootstrap import (
    HttpParts,
    create_app,
    ingest_routers,
    open_directory,
    open_warehouse,
    pipeline_stages,
    read_routers,
)
from services.ingest.relay import OutboxRelay


@dataclass
class System:
    settings: Settings
    directory: Directory
    warehouse: Warehouse
    bus: InProcessBus
    relay: OutboxRelay
    client: TestClient
    registry: CollectorRegistry

    def add_partner(self, tenant: str, slug: str, kind: str = "municipality") -> str:
        """Add tenant (if new) and organisation; return an API key for it."""
        with self.directory.session() as session:
            from embrace.directory.tables import Tenant

            if session.get(Tenant, tenant) is None:
                add_tenant(session, tenant, f"Kommun {tenant}")
            organisation = add_organisation(session, tenant, slug, slug.title(), kind)
            return new_api_key(session, organisation)


@contextmanager
def embedded_system(settings: Settings) -> Iterator[System]:
    registry = CollectorRegistry()
    taxonomy = Taxonomy.load()
    directory = open_directory(settings)
    warehouse = open_warehouse(settings)
    bus = InProcessBus(
        pipeline_stages(settings, taxonomy, warehouse), BusMetrics(registry), sleep=lambda _: None
    )
    relay = OutboxRelay(directory, lambda: bus, registry=registry)
    app = create_app(
        HttpParts(
            settings=settings, directory=directory, taxonomy=taxonomy, registry=registry, warehouse=warehouse,
            routers=[*ingest_routers(), *read_routers()], wake_relay=relay.wake, web=True,
            probes={"directory": directory.ping, "warehouse": warehouse.ping},
        )
    )  # fmt: skip
    try:
        with TestClient(app) as client:
            yield System(settings, directory, warehouse, bus, relay, client, registry)
    finally:
        warehouse.command(f"DROP DATABASE IF EXISTS {warehouse.database}")
        warehouse.close()
        directory.close()
