"""The HTTP server of a serving process: once its app has started, what exists is frozen out of the
garbage collector's full collections, which otherwise held every request up for 33-102 ms."""

from __future__ import annotations

import gc
import threading

import uvicorn
from fastapi import FastAPI

from services.cli.http_server import _Server, bind
from tests.support.kafka_pipeline import wait_until


def test_what_exists_once_the_app_has_started_is_frozen_out_of_collections() -> None:
    gc.unfreeze()
    server = _Server(uvicorn.Config(FastAPI(), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [bind("127.0.0.1", 0)]})
    thread.start()
    try:
        assert wait_until(lambda: gc.get_freeze_count() > 0, timeout=10, every=0.01)
    finally:
        server.should_exit = True
        thread.join(10)
        gc.unfreeze()
