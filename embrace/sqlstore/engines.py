"""The SQLAlchemy engines of the SQL store: the pooled one every process shares, and the single
writer's own connection, each with what its database needs (SQLite's pragmas, a server's pings)."""

from __future__ import annotations

import sqlite3
import time
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Dialect
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.pool import SingletonThreadPool

from embrace.sqlstore.json_text import serialize

WAL_SECONDS = 10.0  # as long as busy_timeout waits for a lock


def shared_engine(url: URL) -> Engine:
    """The pool a process reads and writes through."""
    if url.get_backend_name() != "sqlite":
        engine = _engine(url, connect_args={"connect_timeout": 5})
        _ping_when_idle(engine)
        return engine
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = _engine(url, connect_args={"check_same_thread": False, "timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def writer_engine(url: URL) -> Engine:
    """One connection of its own, for a single writer. On SQLite its transactions begin IMMEDIATE, so
    the writer takes the lock once per transaction rather than upgrading a read lock midway, and
    savepoints work (the driver's own transaction handling breaks them)."""
    if url.get_backend_name() != "sqlite":
        engine = _engine(url, pool_size=1, max_overflow=0)
        _ping_when_idle(engine)
        return engine
    engine = _engine(url, poolclass=SingletonThreadPool,
                     connect_args={"check_same_thread": False, "timeout": 30})  # fmt: skip
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "connect", _driver_leaves_transactions_alone)
    event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    return engine


# A pooled connection used within this many seconds is taken as alive; one idle longer is pinged first.
IDLE_BEFORE_PING = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """A server drops connections: on a restart, or after an idle timeout of its own or a firewall's.
    SQLAlchemy's pre-ping checks every checkout, a round trip for each of a report's three, and it
    doubled ingest's p99 at 100 reports/s on PostgreSQL (54-56 against 25-29 ms). So only a connection
    idle for ``IDLE_BEFORE_PING`` is pinged, and a failed ping makes the pool connect afresh. A
    connection lost in use fails its statement; the request is answered 503 with Retry-After, and
    SQLAlchemy lets go of every pooled connection, so the retry reconnects."""
    event.listen(engine, "checkin", _idle_from)
    event.listen(engine, "checkout", partial(_ping_if_idle, engine.dialect))


def _idle_from(_dbapi_connection: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dialect: Dialect, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    idle_since = record.info.get("idle_since")
    if idle_since is None or time.monotonic() - idle_since < IDLE_BEFORE_PING:
        return
    try:
        dialect.do_ping(dbapi_connection)
    except Exception as exc:  # dead: the server likely dropped the others too, so the pool lets go of all
        raise InvalidatePoolError(f"idle connection failed its ping: {exc}") from exc


def _engine(url: str | URL, **options: Any) -> Engine:
    """Every engine of the store: JSON text a contract has encoded already is stored as it is."""
    return create_engine(url, json_serializer=serialize, **options)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the web threads read while the relay writes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")
    write_ahead_log(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def write_ahead_log(cursor: Any, *, seconds: float = WAL_SECONDS) -> None:
    """Switch the file to WAL. Switching a new file needs it to itself, and SQLite may answer "locked"
    at once rather than wait (it skips busy_timeout where waiting could deadlock): four services
    started together on a new store failed so in 2 runs of 140 on a loaded machine, and in none of 230
    since it is asked again until ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _driver_leaves_transactions_alone(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event says BEGIN instead
