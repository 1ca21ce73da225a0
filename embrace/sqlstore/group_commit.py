"""Group commit: one thread writes for many. Request threads hand it units of work; it runs the units
waiting at that moment one after another in one transaction and commits them together. A unit's caller
is answered only once its commit is done.

Why: SQLite has one writer. Forty request threads each opening a write transaction queue on its lock
and pay a commit (an fsync) each; one thread holding the lock pays one commit for a group. PostgreSQL
gains the same way, fewer commits and no lock waits between ingest's own threads.

The rows a group's units insert through ``insert_rows`` (:mod:`embrace.sqlstore.waiting_rows`) go in
one multi-row insert per statement when the last unit is done. If a unit raises, or its rows break a
constraint, the group is rolled back and run again with each unit in a savepoint and its rows inserted
at once: the unit that fails is rolled back to its savepoint and its caller gets the exception, and the
rest of the group still commits. So a unit may run twice, and must leave nothing but its changes in
the session and its result. A group of one is not run again: its caller gets the exception. If the
commit itself fails, every caller of the group gets that error and nothing of the group is kept.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from prometheus_client import CollectorRegistry, Gauge, Histogram
from sqlalchemy.orm import Session

from embrace.sqlstore.waiting_rows import insert_waiting, rows_wait

if TYPE_CHECKING:
    from embrace.sqlstore.store import SqlStore

T = TypeVar("T")
Unit = tuple[Callable[[Session], Any], "Future[Any]", float]
MAX_GROUP = 64  # units per commit: enough to absorb a burst, few enough that a group stays short


class WriterMetrics:
    """Made unregistered: the process's HTTP app registers them (``register``) beside its own."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.waited = Histogram(
            "embrace_write_queue_wait_seconds", "Time a write waited for the writer before its group began.",
            buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5), registry=registry,
        )  # fmt: skip
        self.group = Histogram(
            "embrace_write_group_size", "Writes committed together in one transaction.",
            buckets=(1, 2, 4, 8, 16, 32, 64), registry=registry,
        )  # fmt: skip
        self.age = Gauge(
            "embrace_write_queue_age_seconds", "Age of the oldest write waiting for the writer (0: none).",
            registry=registry,
        )  # fmt: skip

    def register(self, registry: CollectorRegistry) -> None:
        for metric in (self.waited, self.group, self.age):
            registry.register(metric)


class GroupCommit:
    """The writer of one SQL store (``SqlStore.writer``). ``run`` blocks until the unit is committed
    (or has failed); ``run_async`` awaits it."""

    def __init__(self, sql_store: SqlStore, registry: CollectorRegistry | None = None) -> None:
        self._store = sql_store.for_writing()
        self._queue: deque[Unit] = deque()
        self._ready = threading.Condition()
        self._closed = False
        self.metrics = WriterMetrics(registry)
        self.metrics.age.set_function(self._oldest_age)
        self._thread: threading.Thread | None = None  # started by the first write: a reader never needs it

    def run(self, work: Callable[[Session], T]) -> T:
        """Do ``work`` in a transaction shared with other writers; its result once committed."""
        return self._queued(work).result()

    async def run_async(self, work: Callable[[Session], T]) -> T:
        """``run`` for async code: the event loop goes on while the writer works, and no worker thread
        waits for it (handing each request to a thread and back cost ingest a third of its CPU)."""
        return await asyncio.wrap_future(self._queued(work))

    def _queued(self, work: Callable[[Session], T]) -> Future[T]:
        done: Future[T] = Future()
        with self._ready:
            if self._closed:
                raise RuntimeError("the writer is closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._write_forever, name="group-commit", daemon=True)
                self._thread.start()
            self._queue.append((work, done, time.monotonic()))
            self._ready.notify()
        return done

    def close(self) -> None:
        """Write what is queued, then stop."""
        with self._ready:
            self._closed = True
            self._ready.notify()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self._store.close()

    def _oldest_age(self) -> float:
        queue = self._queue
        return time.monotonic() - queue[0][2] if queue else 0.0

    def _write_forever(self) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if not self._queue:
                    return
                group = [self._queue.popleft() for _ in range(min(MAX_GROUP, len(self._queue)))]
            self._write(group)

    def _write(self, queued_group: list[Unit]) -> None:
        began = time.monotonic()
        for _, _, queued in queued_group:
            self.metrics.waited.observe(began - queued)
        # A unit whose caller gave up (an awaiting request cancelled) is not written: nobody was told
        # it was, and answering its cancelled future would raise here and stop the writer.
        group = [unit for unit in queued_group if unit[1].set_running_or_notify_cancel()]
        if not group:
            return
        self.metrics.group.observe(len(group))
        try:
            try:
                results = self._run(group, isolated=False)
            except _UnitRaised as raised:
                if len(group) == 1:  # its transaction was its savepoint
                    raise raised.exception from None
                results = self._run(group, isolated=True)
        except Exception as exc:  # the commit failed, or the lone unit: nothing of the group is kept
            for _, done, _ in group:
                if not done.done():
                    done.set_exception(exc)
            return
        for done, result in results:
            done.set_result(result)

    def _run(self, group: list[Unit], isolated: bool) -> list[tuple[Future[Any], Any]]:
        with self._store.session() as session:
            if isolated:
                return _each_in_a_savepoint(session, group)
            waiting = rows_wait(session) if len(group) > 1 else None  # one unit's go in at once
            results = []
            for work, done, _ in group:
                try:
                    results.append((done, work(session)))
                except Exception as exc:
                    raise _UnitRaised(exc) from exc
            try:
                session.flush()  # the units' ORM changes too, so that a failure is theirs, not the commit's
                if waiting is not None:
                    insert_waiting(session, waiting)
            except Exception as exc:  # some unit's row broke a constraint: the next pass finds which
                raise _UnitRaised(exc) from exc
            return results


class _UnitRaised(Exception):
    """A unit raised, as opposed to the commit: its group may run again, each unit in a savepoint. A
    failed commit is not retried, as the server may have committed before the connection was lost."""

    def __init__(self, exception: Exception) -> None:
        self.exception = exception


def _each_in_a_savepoint(session: Session, group: list[Unit]) -> list[tuple[Future[Any], Any]]:
    """Run each unit in a savepoint of its own; a unit that fails is told alone and rolled back alone."""
    results: list[tuple[Future[Any], Any]] = []
    for work, done, _ in group:
        try:
            with session.begin_nested():
                results.append((done, work(session)))
        except Exception as exc:
            done.set_exception(exc)
    return results
