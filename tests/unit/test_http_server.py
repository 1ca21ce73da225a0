"""The HTTP server of a serving process: once its app has started, what exists is frozen out of the
garbage collector's full collections, which otherwise held every request up for 33-102 ms; served beside
a worker, it has stopped, its reads answered, before the worker's stores close."""

from __future__ import annotations

import gc
import threading
import time
import urllib.request

from fastapi import FastAPI

from services.cli.http_server import bind, serving_beside
from tests.support.kafka_pipeline import wait_until


def test_what_exists_once_the_app_has_started_is_frozen_out_of_collections() -> None:
    gc.unfreeze()
    with serving_beside(FastAPI(), bind("127.0.0.1", 0)):
        assert wait_until(lambda: gc.get_freeze_count() > 0, timeout=10, every=0.01)
    gc.unfreeze()


def test_a_server_beside_a_worker_answers_the_read_under_way_and_has_stopped_when_the_worker_ends() -> None:
    app = FastAPI()

    @app.get("/slow")
    def slow() -> dict[str, bool]:
        time.sleep(0.5)
        return {"done": True}

    sock = bind("127.0.0.1", 0)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/slow"
    answers: list[bytes] = []
    reader = threading.Thread(target=lambda: answers.append(urllib.request.urlopen(url, timeout=10).read()))
    with serving_beside(app, sock):
        assert wait_until(lambda: _answers(url.removesuffix("/slow") + "/docs"), timeout=10, every=0.05)
        reader.start()
        time.sleep(0.2)  # the read is under way as the worker ends
    assert not any(t.name == "read-api" for t in threading.enumerate())
    reader.join(10)
    assert answers == [b'{"done":true}']
    gc.unfreeze()


def _answers(url: str) -> bool:
    try:
        return bool(urllib.request.urlopen(url, timeout=1).status == 200)
    except OSError:
        return False
