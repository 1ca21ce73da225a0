"""Building the running system from settings: stores, stages, HTTP app. Nothing here runs at import."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, FastAPI
from prometheus_client import CollectorRegistry

from embrace.bus.inprocess import InProcessBus
from embrace.bus.metrics import BusMetrics
from embrace.bus.stages import Stage
from embrace.directory import Directory
from embrace.directory.boundaries import places
from embrace.http import problems
from embrace.http.limits import BodyLimit, RateLimiter
from embrace.http.operations import Probe, install_request_metrics, operations_router
from embrace.settings import Settings
from embrace.taxonomy import Taxonomy
from embrace.validation import Policy
from embrace.warehouse import Warehouse
from services.aggregate.api import stats_router
from services.aggregate.stages import build_stages as aggregate_stages
from services.enrich.enrichment import EnrichContext
from services.enrich.stages import build_stages as enrich_stages
from services.ingest import areas_api, interventions_api, reports_api
from services.ingest.context import Ingest, IngestMetrics
from services.ingest.relay import OutboxRelay
from services.ingest.web.install import install_web
from services.reporting.api import situation_router


def open_directory(settings: Settings) -> Directory:
    directory = Directory.connect(settings.directory_url)
    directory.migrate()
    return directory


def open_warehouse(settings: Settings) -> Warehouse:
    warehouse = Warehouse.connect(settings.warehouse_dsn, settings.clickhouse_database)
    warehouse.migrate()
    return warehouse


def policy(settings: Settings) -> Policy:
    return Policy(
        max_age=timedelta(days=settings.max_incident_age_days),
        max_skew=timedelta(seconds=settings.max_clock_skew_seconds),
    )


def enrich_context(settings: Settings, taxonomy: Taxonomy) -> EnrichContext:
    return EnrichContext(
        taxonomy=taxonomy,
        zone=ZoneInfo(settings.timezone),
        policy=policy(settings),
        backfill_policy=Policy(max_age=None, max_skew=timedelta(seconds=settings.max_clock_skew_seconds)),
    )


def pipeline_stages(settings: Settings, taxonomy: Taxonomy, warehouse: Warehouse) -> list[Stage]:
    """Every stage of the embedded pipeline, in the order a record meets them."""
    return [*enrich_stages(enrich_context(settings, taxonomy)), *aggregate_stages(warehouse)]


def ingest_routers() -> list[APIRouter]:
    return [reports_api.router, interventions_api.router, areas_api.router]


def read_routers() -> list[APIRouter]:
    """Statistics and the situation report: whoever holds the warehouse serves them."""
    return [stats_router(), situation_router()]


@dataclass
class HttpParts:
    """What an HTTP app is made of; each service process picks its routers."""

    settings: Settings
    directory: Directory
    taxonomy: Taxonomy
    registry: CollectorRegistry
    routers: list[APIRouter]
    warehouse: Warehouse | None = None
    wake_relay: Callable[[], None] = lambda: None
    probes: dict[str, Probe] = field(default_factory=dict)
    web: bool = False  # the reporting web app, beside the ingest API


def create_app(parts: HttpParts) -> FastAPI:
    settings = parts.settings
    app = FastAPI(
        title="EMBRACE",
        version="0.1.0",
        description="Reporting and statistics API of the EMBRACE crime prevention and safety platform. "
        "Authenticate with an organisation's API key: `Authorization: Bearer emb_...`.",
    )
    app.state.settings = settings
    app.state.directory = parts.directory
    app.state.taxonomy = parts.taxonomy
    app.state.warehouse = parts.warehouse
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    with parts.directory.session() as session:
        known_places = places(session)
    app.state.ingest = Ingest(
        directory=parts.directory,
        taxonomy=parts.taxonomy,
        policy=policy(settings),
        places=known_places,
        metrics=IngestMetrics(parts.registry),
        wake_relay=parts.wake_relay,
    )
    problems.install(app, parts.registry)
    install_request_metrics(app, parts.registry)
    app.add_middleware(
        BodyLimit,
        default=settings.max_body_bytes,
        larger={
            "/v1/reports/batch": settings.max_batch_body_bytes,
            "/v1/areas": settings.max_batch_body_bytes,
        },
    )
    app.include_router(operations_router(parts.registry, parts.probes))
    for router in parts.routers:
        app.include_router(router)
    if parts.web:
        install_web(app, settings)
    return app


@dataclass
class Embedded:
    """The whole system in one process: stores, the in-process pipeline, its relay and the HTTP app."""

    settings: Settings
    registry: CollectorRegistry
    directory: Directory
    warehouse: Warehouse
    bus: InProcessBus
    relay: OutboxRelay
    app: FastAPI

    def close(self) -> None:
        self.relay.stop()
        self.warehouse.close()
        self.directory.close()


def assemble_embedded(
    settings: Settings,
    *,
    prepare: Callable[[Directory], None] = lambda _: None,
    retry_sleep: Callable[[float], None] = time.sleep,
) -> Embedded:
    """Wire the embedded system; ``prepare`` runs on the directory before the app reads it."""
    registry = CollectorRegistry()
    taxonomy = Taxonomy.load(settings.taxonomy_extra)
    directory = open_directory(settings)
    try:
        prepare(directory)
        warehouse = open_warehouse(settings)
    except BaseException:
        directory.close()
        raise
    bus = InProcessBus(
        pipeline_stages(settings, taxonomy, warehouse), BusMetrics(registry), sleep=retry_sleep
    )
    relay = OutboxRelay(
        directory, lambda: bus, registry=registry, idle_seconds=settings.relay_interval_seconds
    )
    app = create_app(
        HttpParts(
            settings=settings,
            directory=directory,
            taxonomy=taxonomy,
            registry=registry,
            routers=[*ingest_routers(), *read_routers()],
            web=True,
            warehouse=warehouse,
            wake_relay=relay.wake,
            probes={"directory": directory.ping, "warehouse": warehouse.ping},
        )
    )
    return Embedded(settings, registry, directory, warehouse, bus, relay, app)
