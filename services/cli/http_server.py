"""The HTTP server of every process that serves: its port taken first, and a clean stop on a signal."""

from __future__ import annotations

import errno
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette

from embrace.bus.garbage_collector import freeze_what_exists
from embrace.errors import OperatorError

BESIDE_STOP_SECONDS = 5  # for a read under way to finish once the worker beside it has stopped


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

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        # What exists once the app has started lives as long as the process, yet every full collection
        # walked it: 33-74 ms with requests waiting, every 10-20 s at 300 reports/s. Frozen, it is no
        # longer walked.
        freeze_what_exists()


def serve_http(app: Starlette, sock: socket.socket) -> None:
    """Serve on the main thread until a stop signal."""
    _server(app, sock).run(sockets=[sock])


@contextmanager
def serving_beside(app: Starlette, sock: socket.socket) -> Iterator[None]:
    """Serve on a thread beside a worker that owns the main thread and its signals, until the block ends.
    The server is then stopped and its thread joined before the stores close: a uvloop left running on a
    thread while the interpreter exits can wake into a finalised interpreter and end the process by
    SIGSEGV."""
    server = _server(app, sock, graceful_seconds=BESIDE_STOP_SECONDS)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="read-api", daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(BESIDE_STOP_SECONDS + 1)


def _server(app: Starlette, sock: socket.socket, graceful_seconds: int | None = None) -> _Server:
    listen_queue = getattr(app.state, "listen_queue", None)  # an app of http_app's sheds by it
    if listen_queue is not None:
        listen_queue.watch(sock)
    # httptools and uvloop rather than uvicorn's pure-Python h11 and asyncio's own loop: measured
    # alternately at 120 single reports/s, 3.5-4.7 ms of CPU a report instead of 4.4-6.0 (docs/benchmarks.md).
    config = uvicorn.Config(
        app, http="httptools", loop="uvloop", log_level="warning", access_log=False,
        timeout_graceful_shutdown=graceful_seconds,
    )  # fmt: skip
    return _Server(config)


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
