"""`embrace run`: the whole system in one process, with chDB and SQLite under --home."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from embrace.bus.garbage_collector import settle_heap
from embrace.errors import OperatorError
from embrace.settings import Settings
from services.cli.assembly import assemble_embedded
from services.cli.bootstrap import scheduler
from services.cli.demo.seed import seed_demo
from services.cli.http_server import bind, serve_http
from services.reporting.delivery.schedule import keep_running

log = logging.getLogger(__name__)


def run_embedded(settings: Settings, *, demo: bool, say: Callable[[str], None] = print) -> None:
    sock = bind(settings.http_host, settings.http_port)
    try:
        system = assemble_embedded(settings)
    except OperatorError:
        sock.close()
        raise
    try:
        host, port = sock.getsockname()[:2]
        base = f"http://{host}:{port}"
        if demo:
            for line in seed_demo(system.sql_store).describe(base):
                say(line)
            # The demo's weeks go through the pipeline before the door opens: the first page a visitor
            # sees is complete, and the first report they post is not queued behind thousands.
            system.relay.drain()
        system.relay.start()
        stop_schedule = threading.Event()
        keep_running(scheduler(settings, system.sql_store, system.warehouse, system.registry), stop_schedule)
        say(f"EMBRACE is running at {base} (API docs {base}/docs, health {base}/healthz); stop with Ctrl+C")
        say(f"home: {settings.home.resolve()}")
        settle_heap()
        serve_http(system.app, sock)
        stop_schedule.set()
    finally:
        system.close()
        sock.close()
