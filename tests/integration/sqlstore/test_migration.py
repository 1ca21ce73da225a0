"""Services started together on a new store migrate it one at a time: each starts, none fails on a table
another has just made, and the store ends whole. Without the lock three of four processes failed on
PostgreSQL, and on SQLite at times all four."""

from __future__ import annotations

import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from sqlalchemy import inspect

from embrace.sqlstore import SqlStore
from embrace.sqlstore.tables import Base

SERVICES = 4


def start_service(url: str, together: Barrier, said: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    together.wait()
    try:
        SqlStore.connect(url).migrate()
        said.put("started")
    except Exception as exc:  # whatever stopped a service, reported
        said.put(f"{type(exc).__name__}: {exc}"[:300])


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_services_started_together_on_a_new_store_all_start(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path / 'embrace.sqlite3'}" if backend == "sqlite" else request.getfixturevalue(
        "postgres_url")  # fmt: skip
    spawn = multiprocessing.get_context("spawn")  # a fresh interpreter each, as separate services are
    together, said = spawn.Barrier(SERVICES), spawn.Queue()
    services = [spawn.Process(target=start_service, args=(url, together, said)) for _ in range(SERVICES)]
    for service in services:
        service.start()
    for service in services:
        service.join(timeout=120)
    assert [said.get(timeout=5) for _ in services] == ["started"] * SERVICES
    store = SqlStore.connect(url)
    try:
        assert set(Base.metadata.tables) <= set(inspect(store.engine).get_table_names())
    finally:
        store.close()
