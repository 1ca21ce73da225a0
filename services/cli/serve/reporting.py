"""`embrace serve reporting`: the statistics and reports API, and the reports' schedule."""

from __future__ import annotations

import threading

from prometheus_client import CollectorRegistry

from embrace.settings import Settings
from services.cli.bootstrap import scheduler
from services.cli.http_app import read_routers, served_app
from services.cli.http_server import bind, serve_http
from services.cli.serve import Say
from services.cli.stores import both_stores
from services.reporting.delivery.schedule import keep_running


def run(settings: Settings, say: Say) -> None:
    with both_stores(settings) as (warehouse, sql_store):
        sock = bind(settings.http_host, settings.http_port)
        registry = CollectorRegistry()
        app = served_app(
            settings, registry, sql_store=sql_store, warehouse=warehouse, routers=read_routers(),
            probes={"warehouse": warehouse.ping},
        )  # fmt: skip
        say(f"reporting is serving http://{settings.http_host}:{sock.getsockname()[1]}")
        stop_schedule = threading.Event()
        keep_running(scheduler(settings, sql_store, warehouse, registry), stop_schedule)
        try:
            serve_http(app, sock)
        finally:
            stop_schedule.set()  # before the stores close under it
