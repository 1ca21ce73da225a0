"""`embrace serve aggregate`: the warehouse's one writer as a faust worker, and the reads beside it."""

from __future__ import annotations

from prometheus_client import CollectorRegistry

from embrace.settings import Settings
from services.cli.bootstrap import writer_stages
from services.cli.http_app import read_routers, served_app
from services.cli.http_server import bind, serving_beside
from services.cli.serve import Say
from services.cli.serve.worker import run_worker, runner
from services.cli.stores import both_stores


def run(settings: Settings, say: Say) -> None:
    with both_stores(settings) as (warehouse, sql_store):
        sock = bind(settings.http_host, settings.http_port)
        registry = CollectorRegistry()
        worker = runner("embrace-aggregate", writer_stages(settings, warehouse), settings, registry)
        app = served_app(
            settings, registry, sql_store=sql_store, warehouse=warehouse, routers=read_routers(),
            probes={"warehouse": warehouse.ping,
                    "pipeline": lambda: not worker.stalled(settings.stall_seconds)},
        )  # fmt: skip
        # The faust worker owns the main thread (it handles the stop signals); reads are served beside it.
        with serving_beside(app, sock):
            say(f"aggregate reads are served at http://{settings.http_host}:{sock.getsockname()[1]}")
            run_worker(worker, settings, say, registry)
