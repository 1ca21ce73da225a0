"""The whole system in one process, as `embrace run` and the tests assemble it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from embrace.bus.inprocess import InProcessBus
from embrace.bus.metrics import BusMetrics
from embrace.settings import Settings
from embrace.sqlstore import SqlStore
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from services.cli.bootstrap import outbox_relay, pipeline_stages
from services.cli.http_app import HttpParts, create_app, ingest_routers, read_routers
from services.cli.stores import open_sql_store, open_warehouse
from services.ingest.relay import OutboxRelay


@dataclass
class Embedded:
    """The whole system in one process: stores, the in-process pipeline, its relay and the HTTP app."""

    settings: Settings
    registry: CollectorRegistry
    sql_store: SqlStore
    warehouse: Warehouse
    bus: InProcessBus
    relay: OutboxRelay
    app: FastAPI

    def close(self) -> None:
        self.relay.stop()
        self.warehouse.close()
        self.sql_store.close()


def assemble_embedded(
    settings: Settings,
    *,
    prepare: Callable[[SqlStore], None] = lambda _: None,
    retry_sleep: Callable[[float], None] = time.sleep,
) -> Embedded:
    """Wire the embedded system; ``prepare`` runs on the SQL store before the app reads it."""
    registry = CollectorRegistry()
    taxonomy = Taxonomy.load(settings.taxonomy_extra)
    sql_store = open_sql_store(settings)
    try:
        prepare(sql_store)
        warehouse = open_warehouse(settings)
    except BaseException:
        sql_store.close()
        raise
    bus = InProcessBus(
        pipeline_stages(settings, taxonomy, warehouse, sql_store), BusMetrics(registry), sleep=retry_sleep
    )
    relay = outbox_relay(settings, sql_store, registry, bus=bus)
    app = create_app(
        HttpParts(
            settings=settings,
            sql_store=sql_store,
            taxonomy=taxonomy,
            registry=registry,
            routers=[*ingest_routers(), *read_routers()],
            web=True,
            warehouse=warehouse,
            wake_relay=relay.wake,
            probes={
                "sql": sql_store.ping,
                "warehouse": warehouse.ping,
                "pipeline": partial(relay.flowing, settings.stall_seconds),
            },
        )
    )
    return Embedded(settings, registry, sql_store, warehouse, bus, relay, app)
