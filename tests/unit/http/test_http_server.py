"""The HTTP server of a serving process: once its app has started, what exists is frozen out of the
garbage collector's full collections, which otherwise held every request up for 33-102 ms; served beside
a worker, it has stopped, its reads answered, before the worker's stores close; and connections that
queue in the kernel while the process is busy are shed."""

from __future__ import annotations

import gc
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from embrace.http.listen_queue import ListenQueue
from embrace.http.shedding import Shedding
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


def test_connections_that_queued_while_the_process_was_busy_are_shed_until_few_wait() -> None:
    listen_queue, registry = ListenQueue(), CollectorRegistry()
    app = FastAPI()
    app.state.listen_queue = listen_queue
    app.add_middleware(Shedding, limit=100, queued=2, registry=registry, listen_queue=listen_queue)

    @app.get("/busy")
    async def busy() -> None:
        time.sleep(1)  # holds the event loop, as a process bound by its CPU does

    @app.get("/ok")
    async def ok() -> None:
        return None

    sock = bind("127.0.0.1", 0)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with serving_beside(app, sock), ThreadPoolExecutor(9) as clients:
        assert wait_until(lambda: _answers(base + "/ok"), timeout=10, every=0.05)
        holding = clients.submit(_status, base + "/busy")
        time.sleep(0.2)
        waiting = [clients.submit(_status, base + "/ok") for _ in range(8)]
        assert wait_until(lambda: listen_queue.depth() == 8, timeout=5, every=0.01)
        answers = [answer.result() for answer in waiting]
        assert holding.result() == (200, None)
    shed = [answer for answer in answers if answer[0] == 503]
    assert 3 <= len(shed) <= 6  # 8 waited: shed while more than 2 were waiting behind
    assert all(wait and int(wait) >= 1 for _, wait in shed)
    assert answers.count((200, None)) == 8 - len(shed)  # the last ones found few waiting behind them
    assert registry.get_sample_value("embrace_http_shed_total", {"reason": "queued"}) == len(shed)
    gc.unfreeze()


def _status(url: str) -> tuple[int, str | None]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, None
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After")
