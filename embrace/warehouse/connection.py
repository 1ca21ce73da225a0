"""Opening the warehouse by DSN: embedded chDB (``chdb:///path``) or a ClickHouse server (``http(s)://``)."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import clickhouse_connect
import numpy.typing as npt
import pyarrow as pa
from clickhouse_connect.driver.client import Client
from clickhouse_connect.driver.exceptions import OperationalError

from embrace.errors import StoreUnavailable
from embrace.settings import FREE_TEXT_DAYS
from embrace.warehouse import migrations
from embrace.warehouse.ddl import schema_statements
from embrace.warehouse.prose import scrub_prose
from embrace.warehouse.store_lock import StoreLocks

# Server errors of a ClickHouse that is busy, overloaded or restarting: the same insert works later.
TRANSIENT_CODES = frozenset({
    3,    # UNEXPECTED_END_OF_FILE
    159,  # TIMEOUT_EXCEEDED
    164,  # READONLY
    202,  # TOO_MANY_SIMULTANEOUS_QUERIES
    209,  # SOCKET_TIMEOUT
    210,  # NETWORK_ERROR
    241,  # MEMORY_LIMIT_EXCEEDED
    242,  # TABLE_IS_READ_ONLY
    252,  # TOO_MANY_PARTS
    999,  # KEEPER_EXCEPTION
})  # fmt: skip


_TYPES = "SELECT name, type FROM system.columns WHERE database = {db:String} AND table = {table:String}"
_ANY_TABLE = "SELECT 1 FROM system.tables WHERE database = {db:String} LIMIT 1"


class Warehouse:
    """A clickhouse-connect client bound to one database.

    chDB's client is not safe to share between threads, so calls are serialised; a server connection
    needs no such care but gets it cheaply.
    """

    def __init__(self, client: Client, database: str, *, store: Path | None = None) -> None:
        self._client = client
        self.database = database
        self._lock = threading.Lock()
        self._store = store

    @classmethod
    def connect(cls, dsn: str, database: str) -> Warehouse:
        scheme = urlsplit(dsn).scheme
        if scheme == "chdb":
            return _connect_embedded(Path(urlsplit(dsn).path), database)
        if scheme in ("http", "https"):
            return _connect_server(dsn, database)
        raise StoreUnavailable(
            f"unknown ClickHouse DSN scheme {scheme!r}: use chdb:///path or http(s)://host:8123"
        )

    @property
    def embedded_store(self) -> Path | None:
        """The directory of the embedded store this client holds (None: a server's client)."""
        return self._store

    def migrate(self, free_text_days: int = FREE_TEXT_DAYS, cluster: str | None = None) -> None:
        """Apply the schema (in its cluster form when a cluster is named); every statement is idempotent,
        and so are the moves of :mod:`migrations`, which concern single servers made before."""
        # A new database takes the CREATEs alone: its ALTERs were two thirds of the time to make one.
        new = cluster is None and not self.query(_ANY_TABLE, {"db": self.database})
        if cluster is None:
            migrations.set_aside(self)
        for statement in schema_statements(self.database, free_text_days, cluster, new=new):
            self.command(statement)
        if cluster is None:
            migrations.move_over(self)
        migrations.begin_log(self)
        if not new:  # a new database holds no text yet
            scrub_prose(self, cluster)

    def command(self, sql: str, parameters: Mapping[str, Any] | None = None) -> None:
        with self._lock:
            self._client.command(sql.replace("{db}", self.database), parameters=dict(parameters or {}))

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with self._lock:
            self._client.insert(f"{self.database}.{table}", rows, column_names=list(columns))

    def query(self, sql: str, parameters: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Rows of a query; write ``{db}`` for the database and ``{name:Type}`` for bound parameters."""
        with self._lock:
            result = self._client.query(sql.replace("{db}", self.database), parameters=dict(parameters or {}))
        return [tuple(row) for row in result.result_rows]

    def arrow(self, sql: str, parameters: Mapping[str, Any] | None = None) -> pa.Table:
        """A query's answer as an Arrow table: for millions of values, and arrays as offsets and values.
        It takes a third of the time of numpy's row-wise conversion."""
        with self._lock:
            sql = sql.replace("{db}", self.database)
            return self._client.query_arrow(sql, parameters=dict(parameters or {}), use_strings=True)

    def columns(self, sql: str, parameters: Mapping[str, Any] | None = None) -> dict[str, npt.NDArray[Any]]:
        """A query's columns by name, as numpy arrays (of plain values, not arrays)."""
        found = self.arrow(sql, parameters)
        return {name: found.column(name).to_numpy() for name in found.column_names}

    def blank_row(self, table: str, columns: Sequence[str]) -> tuple[Any, ...]:
        """The zero of each column's type (empty text, 0, NULL, 1970), in the order given."""
        types = dict(self.query(_TYPES, {"db": self.database, "table": table}))
        picks = ", ".join(f"defaultValueOfTypeName({{t{n}:String}})" for n in range(len(columns)))
        [row] = self.query(f"SELECT {picks}", {f"t{n}": types[name] for n, name in enumerate(columns)})
        return row

    def is_transient(self, exc: BaseException) -> bool:
        """Whether a failed write may work later (the server is down or busy) or the data is at fault."""
        if isinstance(exc, (OperationalError, OSError, StoreUnavailable)):
            return True
        if getattr(exc, "code", None) in TRANSIENT_CODES:
            return True
        return not self.ping()  # a store that answers refused these rows, not the connection

    def named_rows(
        self, sql: str, parameters: Mapping[str, Any] | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Column names and rows of a query, for rows that are read to be written back."""
        with self._lock:
            result = self._client.query(sql.replace("{db}", self.database), parameters=dict(parameters or {}))
        return list(result.column_names), [tuple(row) for row in result.result_rows]

    def ping(self) -> bool:
        try:
            return self.query("SELECT 1") == [(1,)]
        except Exception:  # whatever the driver raises, the store does not answer
            return False

    def close(self) -> None:
        with self._lock:
            self._client.close()
        if self._store is not None:
            STORE_LOCKS.release(self._store)
            self._store = None


STORE_LOCKS = StoreLocks()  # one per process: its clients share each lock


def claim_store(path: Path) -> Path:
    """An embedded store's directory, made if need be and locked for this process; release it with
    ``STORE_LOCKS.release`` once its last client has closed."""
    store = path.resolve()
    store.mkdir(parents=True, exist_ok=True)
    STORE_LOCKS.acquire(store)
    return store


def _connect_embedded(path: Path, database: str) -> Warehouse:
    store = claim_store(path)
    try:
        client = clickhouse_connect.get_client(dsn=f"chdb://{store}", tz_mode="aware")
        client.command(f"CREATE DATABASE IF NOT EXISTS {database}")
    except Exception as exc:
        STORE_LOCKS.release(store)
        reason = _reason(exc)
        raise StoreUnavailable(f"cannot open the embedded ClickHouse store at {store}: {reason}") from exc
    return Warehouse(client, database, store=store)


def _connect_server(dsn: str, database: str) -> Warehouse:
    parts = urlsplit(dsn)
    database = parts.path.strip("/") or database
    bare = urlunsplit((parts.scheme, parts.netloc, "", parts.query, ""))
    try:
        client = clickhouse_connect.get_client(dsn=bare, tz_mode="aware", connect_timeout=5)
        client.command(f"CREATE DATABASE IF NOT EXISTS {database}")
    except Exception as exc:
        where = f"{parts.hostname}:{parts.port or (8443 if parts.scheme == 'https' else 8123)}"
        raise StoreUnavailable(f"cannot reach ClickHouse at {where}: {_reason(exc)}") from exc
    return Warehouse(client, database)


def _reason(exc: BaseException) -> str:
    """The root cause in a few words: client libraries wrap a refused connection in three layers."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError) or "Connection refused" in str(cause):
            return "connection refused"
        cause = cause.__cause__ or cause.__context__
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:300]
