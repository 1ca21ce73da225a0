"""`embrace run`: the whole system in one process, with chDB and SQLite under --home."""

from __future__ import annotations

import errno
import logging
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from embrace.bus.garbage_collector import settle_heap
from embrace.errors import OperatorError
from embrace.settings import Settings
from services.cli.assembly import assemble_embedded
from services.cli.bootstrap import scheduler
from services.cli.demo import seed_demo
from services.reporting.delivery.schedule import keep_running

log = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    """uvicorn re-raises SIGINT/SIGTERM after its graceful shutdown, which would kill the process before
    our own cleanup (relay, stores) runs; a stop signal here means "shut down cleanly and exit 0"."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield  # served beside a worker that owns the signals
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def serve_http(app: FastAPI, sock: socket.socket) -> None:
    """Serve until a stop signal (or, off the main thread, until the process ends)."""
    _Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])


def bind(host: str, port: int) -> socket.socket:
    """Take the port before anything else starts, so a busy port is one clear line."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise OperatorError(
                f"port {port} on {host} is in use; stop what holds it or pass --port"
            ) from None
        raise OperatorError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(128)
    return sock


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
