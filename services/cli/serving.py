"""`embrace serve <service>`: each service alone, talking to the others through Kafka topics."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import faust
from fastapi import FastAPI
from prometheus_client import CollectorRegistry, start_http_server

from embrace.bus.faust_runner import FaustRunner, create_app
from embrace.bus.garbage_collector import settle_heap
from embrace.bus.metrics import BusMetrics
from embrace.bus.stages import Stage
from embrace.bus.topic_admin import ensure_topics, kafka_answers
from embrace.errors import OperatorError, StoreUnavailable
from embrace.settings import Settings
from embrace.taxonomy import Taxonomy
from services.cli.bootstrap import enrich_context, outbox_relay, scheduler, writer_stages
from services.cli.embedded import bind, serve_http
from services.cli.http_app import HttpParts, ingest_routers, read_routers
from services.cli.http_app import create_app as create_http_app
from services.cli.stores import open_sql_store, open_warehouse
from services.enrich.stages import build_stages as enrich_stages
from services.reporting.delivery.schedule import keep_running

log = logging.getLogger(__name__)
Say = Callable[[str], None]


def serve(service: str, settings: Settings, say: Say) -> None:
    if not settings.uses_kafka and service != "reporting":
        raise OperatorError(
            "EMBRACE_KAFKA_BOOTSTRAP is not set: `embrace serve` runs a service on Kafka "
            "(host:port of a broker, e.g. from `embrace kafka start`); `embrace run` runs embedded"
        )
    if settings.uses_kafka and not settings.kafka_username:  # a service's own principal may not create
        try:
            created = ensure_topics(
                settings.kafka,
                namespace=settings.topic_namespace,
                replication_factor=settings.kafka_replication,
            )
        except StoreUnavailable:
            if service != "ingest":
                raise
            # Ingest accepts reports while Kafka is down; its relay publishes them once it is back.
            created = []
            say(f"Kafka at {settings.kafka_bootstrap} does not answer yet; reports are kept until it does")
        if created:
            say(f"created {len(created)} topics on {settings.kafka_bootstrap}")
    {"ingest": _ingest, "enrich": _enrich, "aggregate": _aggregate, "reporting": _reporting}[service](
        settings, say
    )


def _http_app(settings: Settings, registry: CollectorRegistry, **parts: Any) -> FastAPI:
    return create_http_app(
        HttpParts(
            settings=settings, taxonomy=Taxonomy.load(settings.taxonomy_extra), registry=registry, **parts
        )
    )


def _ingest(settings: Settings, say: Say) -> None:
    sock = bind(settings.http_host, settings.http_port)
    registry = CollectorRegistry()
    sql_store = open_sql_store(settings)
    relay = outbox_relay(settings, sql_store, registry, client_id="embrace-ingest-relay")
    app = _http_app(
        settings, registry, sql_store=sql_store, routers=ingest_routers(), wake_relay=relay.wake, web=True,
        probes={"sql": sql_store.ping, "kafka": lambda: kafka_answers(settings.kafka),
                "pipeline": partial(relay.flowing, settings.stall_seconds)},
    )  # fmt: skip
    relay.start()
    say(f"ingest is serving http://{settings.http_host}:{sock.getsockname()[1]} and relaying to Kafka")
    try:
        serve_http(app, sock)
    finally:
        relay.stop()
        sql_store.close()


def _enrich(settings: Settings, say: Say) -> None:
    sql_store = open_sql_store(settings)
    stages = enrich_stages(enrich_context(settings, Taxonomy.load(settings.taxonomy_extra), sql_store))
    registry = CollectorRegistry()
    _run_worker(_runner("embrace-enrich", stages, settings, registry), settings, say, registry)


def _aggregate(settings: Settings, say: Say) -> None:
    warehouse = open_warehouse(settings)
    sql_store = open_sql_store(settings)
    try:
        sock = bind(settings.http_host, settings.http_port)
        registry = CollectorRegistry()
        runner = _runner("embrace-aggregate", writer_stages(settings, warehouse), settings, registry)
        app = _http_app(
            settings, registry, sql_store=sql_store, warehouse=warehouse, routers=read_routers(),
            probes={"warehouse": warehouse.ping,
                    "pipeline": lambda: not runner.stalled(settings.stall_seconds)},
        )  # fmt: skip
        # The faust worker owns the main thread (it handles the stop signals); reads are served beside it.
        threading.Thread(target=serve_http, args=(app, sock), name="read-api", daemon=True).start()
        say(f"aggregate reads are served at http://{settings.http_host}:{sock.getsockname()[1]}")
        _run_worker(runner, settings, say, registry)
    finally:
        warehouse.close()
        sql_store.close()


def _reporting(settings: Settings, say: Say) -> None:
    warehouse = open_warehouse(settings)
    sql_store = open_sql_store(settings)
    try:
        sock = bind(settings.http_host, settings.http_port)
        registry = CollectorRegistry()
        app = _http_app(
            settings, registry, sql_store=sql_store, warehouse=warehouse, routers=read_routers(),
            probes={"warehouse": warehouse.ping},
        )  # fmt: skip
        say(f"reporting is serving http://{settings.http_host}:{sock.getsockname()[1]}")
        stop_schedule = threading.Event()
        keep_running(scheduler(settings, sql_store, warehouse, registry), stop_schedule)
        serve_http(app, sock)
        stop_schedule.set()
    finally:
        warehouse.close()
        sql_store.close()


def _runner(app_id: str, stages: list[Stage], settings: Settings, registry: CollectorRegistry) -> FaustRunner:
    app = create_app(settings.topic_namespace + app_id, settings.kafka)
    return FaustRunner(
        app, stages, BusMetrics(registry), namespace=settings.topic_namespace, kafka=settings.kafka
    )


def _run_worker(runner: FaustRunner, settings: Settings, say: Say, registry: CollectorRegistry) -> None:
    app = runner.app
    runner.follow()
    if settings.metrics_port:
        start_http_server(settings.metrics_port, addr=settings.http_host, registry=registry)
    app_id = app.conf.id.removeprefix(settings.topic_namespace)
    say(f"{app_id} is consuming from {settings.kafka_bootstrap} ({len(runner.agents)} stages)")
    level = logging.getLevelName(logging.getLogger().getEffectiveLevel())  # `embrace -v` shows faust's too
    worker = faust.Worker(app, loglevel=level, redirect_stdouts=False, quiet=True)
    if not sys.stdout.isatty():
        worker.spinner = None  # its terminal escapes would litter log files
    settle_heap()
    try:
        worker.execute_from_commandline()
    except SystemExit as exit_:
        if exit_.code not in (None, 0):
            raise
