"""Opening the SQL store by URL, through SQLAlchemy 2.0."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import TypeVar

import anyio.to_thread
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from embrace.errors import StoreUnavailable
from embrace.sqlstore import announcements, loop_tables, place_tables, report_tables, upgrades  # noqa: F401 - tables join the metadata
from embrace.sqlstore.engines import shared_engine, writer_engine
from embrace.sqlstore.group_commit import GroupCommit
from embrace.sqlstore.key_cache import KeyCache
from embrace.sqlstore.migration_lock import one_at_a_time
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
        engine = shared_engine(parsed)
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
        """The same store on one connection of its own, for a single writer (see ``writer_engine``)."""
        return SqlStore(writer_engine(self.engine.url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Create missing tables, add columns that newer releases added as nullable ones, and take the
        upgrade steps not yet taken (see ``upgrades``); one process at a time."""
        with one_at_a_time(self.engine):
            Base.metadata.create_all(self.engine)
            _add_missing_columns(self.engine)
            if self.dialect == "postgresql":
                with self.engine.begin() as connection:
                    announcements.install(connection)
            with self.session() as session:
                upgrades.take_steps(session)

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


def _first_line(exc: BaseException) -> str:
    lines = [line for line in str(getattr(exc, "orig", exc)).splitlines() if line.strip()]
    return lines[0].strip() if lines else type(exc).__name__
