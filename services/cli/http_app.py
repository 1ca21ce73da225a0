"""The HTTP app of a service process: which routers it serves, and what every app shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, FastAPI
from prometheus_client import CollectorRegistry

from embrace.http import problem_handlers, signin
from embrace.http.limits import BodyLimit, RateLimiter
from embrace.http.listen_queue import ListenQueue
from embrace.http.openapi import install_openapi
from embrace.http.operations import Probe, install_request_metrics, operations_router
from embrace.http.shedding import Shedding
from embrace.http.wake import WakeRelay
from embrace.settings import Settings
from embrace.sqlstore import SqlStore
from embrace.sqlstore.boundaries import places
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from services.cli.bootstrap import policy
from services.ingest import areas_api, interventions_api, reports_api
from services.ingest.context import Ingest, IngestMetrics
from services.ingest.web.install import install_web


def ingest_routers() -> list[APIRouter]:
    return [reports_api.router, interventions_api.router, areas_api.router]


def read_routers() -> list[APIRouter]:
    """Statistics, the situation reports and effects: whoever holds the warehouse serves them."""
    from services.reporting.routes import ROUTERS  # their statistics stack, only where they are served

    return list(ROUTERS)


@dataclass
class HttpParts:
    """What an HTTP app is made of; each service process picks its routers."""

    settings: Settings
    sql_store: SqlStore
    taxonomy: Taxonomy
    registry: CollectorRegistry
    routers: list[APIRouter]
    warehouse: Warehouse | None = None
    wake_relay: Callable[[], None] = lambda: None  # told when a request changed something
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
    app.state.sql_store = parts.sql_store
    app.state.taxonomy = parts.taxonomy
    app.state.warehouse = parts.warehouse
    app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    app.state.ingest = _ingest(parts)
    app.state.listen_queue = ListenQueue()  # the server watches its listening socket (http_server)
    problem_handlers.install(app, parts.registry)
    signin.install(app)
    install_openapi(app, parts.taxonomy)
    install_request_metrics(app, parts.registry)
    parts.sql_store.writer.metrics.register(parts.registry)  # the writer starts with the first write
    app.add_middleware(WakeRelay, wake=parts.wake_relay)
    app.add_middleware(
        BodyLimit,
        default=settings.max_body_bytes,
        larger={
            "/v1/reports/batch": settings.max_batch_body_bytes,
            "/v1/areas": settings.max_batch_body_bytes,
        },
    )
    # outermost, so that a shed request costs as little as can be
    app.add_middleware(Shedding, limit=settings.max_in_flight, queued=settings.max_queued,
                       registry=parts.registry, listen_queue=app.state.listen_queue)  # fmt: skip
    app.include_router(operations_router(parts.registry, parts.probes))
    for router in parts.routers:
        app.include_router(router)
    if parts.web:
        install_web(app, settings)
    return app


def served_app(settings: Settings, registry: CollectorRegistry, **parts: Any) -> FastAPI:
    """The app of an `embrace serve` process, with the taxonomy as its settings extend it."""
    taxonomy = Taxonomy.load(settings.taxonomy_extra)
    return create_app(HttpParts(settings=settings, taxonomy=taxonomy, registry=registry, **parts))


def _ingest(parts: HttpParts) -> Ingest:
    """What the ingest routes share: the stores, the validation policy, the known places, metrics."""
    with parts.sql_store.session() as session:
        known_places = places(session)
    return Ingest(sql_store=parts.sql_store, taxonomy=parts.taxonomy, policy=policy(parts.settings),
                  places=known_places, metrics=IngestMetrics(parts.registry))  # fmt: skip
