"""The outbox relay: publishes committed records to the bus, in order, until each is accepted.

Publishing happens after the commit that accepted a report, so a crash between the two only delays it;
a record leaves the outbox only once the bus (Kafka with acks=all, or the in-process pipeline) accepted
it, and no copy of it stays behind.
A record the bus refuses for good (too large for Kafka) leaves the queue as a dead letter, so it cannot
hold back every record behind it; it stays in the outbox table with the reason.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import partial

from prometheus_client import CollectorRegistry, Gauge
from sqlalchemy.orm import Session

from embrace.bus.processing import dead_letter, utc_now
from embrace.bus.publishing import Publisher, RecordsRefused, backoff
from embrace.record import Record
from embrace.sqlstore import SqlStore
from embrace.sqlstore.outbox import (
    Waiting,
    as_records,
    backlog,
    enqueue,
    mark_failed,
    mark_refused,
    next_batch,
    oldest_waiting_seconds,
    remove_sent,
)

log = logging.getLogger(__name__)
STAGE = "outbox-relay"
KEPT_OF_REFUSED = 65536  # bytes of a refused record copied into its dead letter (the bus refused it whole)


# Records taken from the outbox at a time. A backlog (an import, a return after an outage) goes through
# in fewer, larger batches: the 18 months of police history (14,949 records) drain into the embedded
# pipeline in 14.4 s at 500, 11.1 s at 1,000, 10.7 s at 2,000 and 10.3 s at 5,000. A steady trickle of
# reports makes small batches whatever the bound.
BATCH = 2000
# How long a woken relay waits for more commits before it publishes. A batch costs about 4 ms of CPU
# (the read, the publish, the update and its commit) whatever its size up to a few dozen records, so at
# 80 reports/s a 100 ms wait took the ingest process from 0.78–0.88 cores to 0.64–0.69 (20 ms before).
LINGER = 0.1


class OutboxRelay:
    def __init__(
        self,
        sql_store: SqlStore,
        connect: Callable[[], Publisher],
        *,
        registry: CollectorRegistry,
        batch_size: int = BATCH,
        idle_seconds: float = 0.2,
        linger_seconds: float = LINGER,
    ) -> None:
        self._sql_store = sql_store
        self._connect = connect
        self._publisher: Publisher | None = None
        self._batch_size = batch_size
        self._idle = idle_seconds
        self._linger = linger_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._backlog = Gauge(
            "embrace_outbox_backlog", "Outbox records not yet published.", registry=registry
        )
        self._backlog.set_function(self.backlog)
        self._oldest = Gauge(
            "embrace_outbox_oldest_seconds",
            "Age of the oldest outbox record not yet published: grows while the pipeline does not advance.",
            registry=registry,
        )
        self._oldest.set_function(self.oldest_waiting_seconds)

    def wake(self) -> None:
        """Something was committed: publish now rather than at the next poll."""
        self._wake.set()

    def backlog(self) -> int:
        with self._sql_store.session() as session:
            return backlog(session)

    def oldest_waiting_seconds(self) -> float:
        with self._sql_store.session() as session:
            return oldest_waiting_seconds(session)

    def flowing(self, stall_seconds: float) -> bool:
        """Readiness: nothing has waited in the outbox longer than ``stall_seconds``."""
        return self.oldest_waiting_seconds() <= stall_seconds

    def relay_once(self) -> int:
        """Publish one batch; return how many records were published (0 when none were waiting)."""
        publisher = self._publisher or self._connect()
        self._publisher = publisher
        with self._sql_store.session() as session:
            messages = next_batch(session, self._batch_size)
            if not messages:
                return 0
            try:
                publisher.publish(as_records(messages))
            except RecordsRefused as refusal:
                self._record(session, partial(self._set_aside, messages=messages, refusal=refusal))
                return len(messages)
            self._record(session, partial(remove_sent, ids=[m.id for m in messages]))
            return len(messages)

    def _record(self, session: Session, change: Callable[[Session], None]) -> None:
        """Where the store takes one writer at a time (SQLite), the change joins the process's writer,
        so the relay never waits on the lock the ingest requests hold, nor they on it. Elsewhere it
        commits with the rows this relay holds locked while it published them."""
        if self._sql_store.single_writer:
            self._sql_store.writer.run(change)
        else:
            change(session)

    def _set_aside(self, session: Session, messages: list[Waiting], refusal: RecordsRefused) -> None:
        refused = {messages[n].id: reason for n, reason in refusal.refused.items()}
        remove_sent(session, [m.id for m in messages if m.id not in refused])
        mark_refused(session, refused)
        now = utc_now()
        letters = []
        for message in messages:
            if message.id in refused:
                reason = f"refused by the bus: {refused[message.id]}; kept whole in outbox row {message.id}"
                log.error("outbox record %s (%s) %s", message.id, message.topic, reason)
                kept = Record(message.topic, message.key, message.value[:KEPT_OF_REFUSED])
                letters.append(dead_letter(STAGE, kept, reason, now))
        enqueue(session, letters)

    def drain(self) -> int:
        """Publish until nothing is waiting; return the count. Raises if the bus refuses."""
        total = 0
        while sent := self.relay_once():
            total += sent
        return total

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="outbox-relay", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._publisher is not None:
            self._publisher.close()
            self._publisher = None

    def _loop(self) -> None:
        delays = backoff(initial=0.5, maximum=10.0)
        while not self._stop.is_set():
            try:
                if self.relay_once():
                    delays = backoff(initial=0.5, maximum=10.0)
                    continue
            except Exception as exc:  # the bus is down: keep the records, retry later
                self._failed(exc)
                self._stop.wait(next(delays))
                continue
            if self._wake.wait(self._idle):
                # Let the commits that arrive together go out together: one publish, one update.
                self._stop.wait(self._linger)
            self._wake.clear()

    def _failed(self, exc: Exception) -> None:
        log.warning("outbox relay could not publish (%s: %s); will retry", type(exc).__name__, exc)
        if self._publisher is not None:
            try:
                self._publisher.close()
            except Exception:
                log.debug("closing the failed publisher failed too", exc_info=True)
            self._publisher = None
        try:
            with self._sql_store.session() as session:
                ids = [m.id for m in next_batch(session, self._batch_size)]
                mark_failed(session, ids, f"{type(exc).__name__}: {exc}")
        except Exception:
            log.debug("could not record the failure in the outbox", exc_info=True)
