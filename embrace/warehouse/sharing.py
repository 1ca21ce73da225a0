"""An embedded store shared by several processes: chDB behind the part of ClickHouse's HTTP interface
that clickhouse-connect speaks (queries, bound parameters, Native inserts, ``/ping``).

chDB belongs to the one process that opens its store. Served so, two aggregate workers, or reporting on
its own, reach it by an ``http://`` DSN exactly as they reach a ClickHouse server. It is not a server:
no users, no compression of answers, no sessions; it listens on loopback unless told otherwise.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from queue import SimpleQueue
from typing import Any, NamedTuple, cast

from embrace.warehouse.connection import STORE_LOCKS, claim_store

_FORMAT = re.compile(r"\bFORMAT\s+(\w+)\s*;?\s*$", re.IGNORECASE)
_CODE = re.compile(r"Code: (\d+)")


class QueryFailed(Exception):
    """The engine refused a query; ``code`` is ClickHouse's error code."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        found = _CODE.search(message)
        self.code = int(found.group(1)) if found else 1


class Query(NamedTuple):
    sql: str
    params: dict[str, str]  # bound parameters, by name without the ``param_`` of the URL
    settings: dict[str, str]
    data: bytes | None  # an insert's rows


@dataclass(frozen=True)
class Answer:
    body: bytes
    fmt: str
    summary: dict[str, str]


class _Connection:
    """One chDB connection and the settings last set on it. A query's settings are set before it runs
    and stay set, as clickhouse-connect sends the same ones with every query."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self._set: dict[str, str] = {}

    def apply(self, settings: Mapping[str, str]) -> None:
        for name, value in settings.items():
            if self._set.get(name) != value:
                statement = f"SET {_name(name)} = {{value:String}}"
                self.engine.query(statement, "TabSeparated", params={"value": value})
                self._set[name] = value


class SharedStore:
    """A few chDB connections to one store, each used by one request at a time."""

    def __init__(self, store: Path, connections: int = 4) -> None:
        import chdb  # the engine is loaded by the process that serves it, not at import

        connect = cast(Callable[[str], Any], chdb.connect)  # typed in some builds of chdb, not in all

        self.store = claim_store(store)
        self._idle: SimpleQueue[_Connection] = SimpleQueue()
        try:
            for _ in range(connections):
                self._idle.put(_Connection(connect(str(self.store))))
        except Exception:
            self.close()
            raise
        self.timezone = self.run(Query("SELECT timezone()", {}, {}, None)).body.decode().strip()

    @contextmanager
    def _connection(self) -> Iterator[_Connection]:
        conn = self._idle.get()
        try:
            yield conn
        finally:
            self._idle.put(conn)

    def run(self, query: Query) -> Answer:
        found = _FORMAT.search(query.sql)
        fmt = found.group(1) if found else "TabSeparated"
        with self._connection() as conn, _infile(query.data) as infile:
            try:
                conn.apply(query.settings)
                statement = query.sql if infile is None else _from_file(query.sql, infile, found, fmt)
                result = conn.engine.query(statement, fmt, params=query.params)
            except Exception as exc:  # chDB raises its own error types; each carries ClickHouse's text
                raise QueryFailed(str(exc)) from None
        summary = {"read_rows": str(result.rows_read()), "read_bytes": str(result.bytes_read()),
                   "written_rows": str(result.rows_written()), "written_bytes": str(result.bytes_written()),
                   "elapsed_ns": str(int(result.elapsed() * 1e9))}  # fmt: skip
        return Answer(result.bytes() or b"", fmt, summary)

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get().engine.close()
        STORE_LOCKS.release(self.store)


def _from_file(sql: str, infile: str, found: re.Match[str] | None, fmt: str) -> str:
    """An insert as the engine takes it, reading its rows from their file."""
    head = sql[: found.start()] if found else sql
    return f"{head} FROM INFILE '{infile}' FORMAT {fmt}"


def _name(setting: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", setting):
        raise QueryFailed(f"Code: 115. DB::Exception: {setting!r} is not a setting's name. (UNKNOWN_SETTING)")
    return setting


@contextmanager
def _infile(data: bytes | None) -> Iterator[str | None]:
    """An insert's rows in a file of their own: chDB reads inserted data from files only."""
    if data is None:
        yield None
        return
    handle, name = tempfile.mkstemp(prefix="embrace-insert-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        yield name
    finally:
        os.unlink(name)
