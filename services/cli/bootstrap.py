"""Building the running system from settings: stores, stages, HTTP app. Nothing here runs at import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, FastAPI
from prometheus_client import CollectorRegistry

from embrace.bus.stages import Stage
from embrace.directory import Directory
from embrace.http import problems
from embrace.http.operations import Probe, install_request_metrics, operations_router
from embrace.settings import Settings
from embrace.taxonomy import Taxonomy
from embrace.validation import Policy
from embrace.warehouse import Warehouse
from services.aggregate.api import stats_router
from services.aggregate.stages import build_stages as aggregate_stages
from services.enrich.enrichment import EnrichContext
from services.enrich.stages import build_stages as enrich_stages
from services.ingest.api import reports_router
from services.reporting.api import situation_router


def open_directory(settings: Settings) -> Directory:
    directory = Directory.connect(settings.directory_url)
    directory.migrate()
    return directory


def open_warehouse(settings: Settings) -> Warehouse:
    warehouse = Warehouse.connect(settings.warehouse_dsn, settings.clickhouse_database)
    warehouse.migrate()
    return warehouse


def enrich_context(settings: Settings, taxonomy: Taxonomy) -> EnrichContext:
    skew = timedelta(seconds=settings.max_clock_skew_seconds)
    return EnrichContext(
        taxonomy=taxonomy,
        zone=ZoneInfo(settings.timezone),
        policy=Policy(max_age=timedelta(days=settings.max_incident_age_days), max_skew=skew),
        backfill_policy=Policy(max_age=None, max_skew=skew),
    )


def pipeline_stages(settings: Settings, taxonomy: Taxonomy, warehouse: Warehouse) -> list[Stage]:
    """Every stage of the embedded pipeline, in the order a record meets them."""
    return [*enrich_stages(enrich_context(settings, taxonomy)), *aggregate_stages(warehouse)]


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


def ingest_routers() -> list[APIRouter]:
    return [reports_router()]


def read_routers() -> list[APIRouter]:
    """Statistics and the situation report: whoever holds the warehouse serves them."""
    return [stats_router(), situation_router()]


def create_app(parts: HttpParts) -> FastAPI:
    app = FastAPI(
        title="EMBRACE",
        version="0.1.0",
        description="Reporting and statistics API of the EMBRACE crime prevention and safety platform.",
    )
    app.state.settings = parts.settings
    app.state.directory = parts.directory
    app.state.taxonomy = parts.taxonomy
    app.state.warehouse = parts.warehouse
    app.state.wake_relay = parts.wake_relay
    problems.install(app)
    install_request_metrics(app, parts.registry)
    app.include_router(operations_router(parts.registry, parts.probes))
    for router in parts.routers:
        app.include_router(router)
    return app
