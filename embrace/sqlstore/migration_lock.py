"""One migration at a time. Services started together on a new store each create its tables, and all but
one fail on a table another has just created: measured with four processes, three failed on PostgreSQL
every time, and on SQLite at times all four, leaving the store half made. PostgreSQL holds an advisory
lock for it; a SQLite file, a lock on a file beside it."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text

KEY = "embrace.sqlstore.migrate"


@contextmanager
def one_at_a_time(engine: Engine) -> Iterator[None]:
    """Hold the store's migration lock, waiting for whoever holds it to finish."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            # A session-level lock on a connection of its own, so the migration's transactions are free.
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.execute(text("SELECT pg_advisory_lock(hashtext(:key))"), {"key": KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(hashtext(:key))"), {"key": KEY})
    elif engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        with open(f"{engine.url.database}.migration-lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
            yield
    else:
        yield  # a store in memory belongs to this process alone
