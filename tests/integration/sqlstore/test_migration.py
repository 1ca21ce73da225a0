"""Services started together on a new store migrate it one at a time: each starts, none fails on a table
another has just made, and the store ends whole. Without the lock three of four processes failed on
PostgreSQL, and on SQLite at times all four. On SQLite a new connection also waits for a file another
holds before switching it to WAL, which SQLite would refuse at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from sqlalchemy import inspect

from embrace.sqlstore import SqlStore
from embrace.sqlstore.engines import write_ahead_log
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


def test_a_new_sqlite_file_held_by_another_is_switched_to_wal_once_it_is_let_go(tmp_path: Path) -> None:
    path = str(tmp_path / "new.sqlite3")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")  # as another service making its tables
    threading.Timer(0.3, holder.execute, ("COMMIT",)).start()
    started = time.monotonic()
    newcomer = sqlite3.connect(
        path, timeout=0
    )  # "locked" at once, as SQLite answers processes started together
    write_ahead_log(newcomer.cursor(), seconds=10)
    assert time.monotonic() - started >= 0.25  # it waited for the file
    assert newcomer.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_sqlite_file_held_for_longer_than_the_wait_is_reported_locked(tmp_path: Path) -> None:
    path = str(tmp_path / "new.sqlite3")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        write_ahead_log(sqlite3.connect(path, timeout=0).cursor(), seconds=0.2)
    holder.execute("COMMIT")
