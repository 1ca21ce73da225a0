"""Opening the SQL store by URL, through SQLAlchemy 2.0."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Dialect, make_url
from sqlalchemy.exc import InvalidatePoolError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import SingletonThreadPool

from embrace.errors import StoreUnavailable
from embrace.sqlstore import announcements, loop_tables, report_tables  # noqa: F401 - tables join the metadata
from embrace.sqlstore.group_commit import GroupCommit
from embrace.sqlstore.json_text import serialize
from embrace.sqlstore.key_cache import KeyCache
from embrace.sqlstore.tables import Base

T = TypeVar("T")


class SqlStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writer: GroupCommit | None = None
        self._key_cache: KeyCache | None = None
        self._made = threading.Lock()

    @classmethod
    def connect(cls, url: str) -> SqlStore:
        parsed = make_url(url)
        options: dict[str, Any] = {}
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            options["connect_args"] = {"connect_timeout": 5}
        engine = _engine(url, **options)
        if parsed.get_backend_name() == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            _ping_when_idle(engine)
        sql_store = cls(engine)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            where = parsed.render_as_string(hide_password=True)
            raise StoreUnavailable(f"cannot reach the SQL store at {where}: {_first_line(exc)}") from None
        return sql_store

    @property
    def writer(self) -> GroupCommit:
        """The process's one writer of this store: writes handed to it are committed in groups."""
        with self._made:
            if self._writer is None:
                self._writer = GroupCommit(self)
            return self._writer

    @property
    def api_keys(self) -> KeyCache:
        """Checks the API keys that callers present, keeping valid ones where the store can say when
        they change (PostgreSQL)."""
        if self._key_cache is None:
            with self._made:
                if self._key_cache is None:
                    self._key_cache = KeyCache(self)
        return self._key_cache

    @property
    def single_writer(self) -> bool:
        """Whether the store takes one writer at a time (SQLite): then every write of a process should
        go through ``writer`` rather than wait on the store's lock."""
        return self.dialect == "sqlite"

    def for_writing(self) -> SqlStore:
        """The same store on one connection of its own, for a single writer. On SQLite its transactions
        begin IMMEDIATE, so the writer takes the lock once per transaction rather than upgrading a read
        lock midway, and savepoints work (the driver's own transaction handling breaks them)."""
        url = self.engine.url
        if url.get_backend_name() != "sqlite":
            engine = _engine(url, pool_size=1, max_overflow=0)
            _ping_when_idle(engine)
            return SqlStore(engine)
        engine = _engine(url, poolclass=SingletonThreadPool,
                         connect_args={"check_same_thread": False, "timeout": 30})  # fmt: skip
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "connect", _driver_leaves_transactions_alone)
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
        return SqlStore(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Create missing tables, and add columns that newer releases added as nullable ones."""
        Base.metadata.create_all(self.engine)
        _add_missing_columns(self.engine)
        if self.dialect == "postgresql":
            with self.engine.begin() as connection:
                announcements.install(connection)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends normally, rolled back otherwise."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A plain connection for a quick read outside any unit of work. Without an ORM session a
        look-up of one row on SQLite costs a third as much, which counts on every request."""
        with self.engine.connect() as connection:
            yield connection

    async def quick_read(self, read: Callable[[Connection], T]) -> T:
        """A look-up of a row or a few from async code. A SQLite file answers in tens of microseconds,
        less than handing the read to a worker thread and back costs, so it is read in place; a server's
        round trip would hold up the event loop, so it goes to a worker thread."""
        if self.dialect == "sqlite":
            return self._read(read)
        return await anyio.to_thread.run_sync(partial(self._read, read))

    def _read(self, read: Callable[[Connection], T]) -> T:
        with self.reading() as connection:
            return read(connection)

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        if self._key_cache is not None:
            self._key_cache.close()
        self.engine.dispose()


def _add_missing_columns(engine: Engine) -> None:
    # Forward-only and additive: an SQL store made by an earlier release gets the new nullable columns,
    # so operators never have to delete their data to upgrade.
    existing = inspect(engine)
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            present = {column["name"] for column in existing.get_columns(table.name)}
            for column in table.columns:
                if column.name not in present and column.nullable:
                    kind = column.type.compile(dialect=engine.dialect)
                    connection.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))


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
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _driver_leaves_transactions_alone(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event says BEGIN instead


def _first_line(exc: BaseException) -> str:
    lines = [line for line in str(getattr(exc, "orig", exc)).splitlines() if line.strip()]
    return lines[0].strip() if lines else type(exc).__name__
