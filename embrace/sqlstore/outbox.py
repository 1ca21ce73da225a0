"""The transactional outbox: records written in the same transaction as the change they announce.

:func:`enqueue` is the one way onto the outbox, for every producer (API, web app, imports, demo).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Row, Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from embrace.record import Record
from embrace.sqlstore.tables import OutboxMessage
from embrace.sqlstore.waiting_rows import insert_rows
from embrace.topics import OUTBOX_TOPICS

_OUTBOX_TOPICS = frozenset(t.name for t in OUTBOX_TOPICS)
_WAITING = (OutboxMessage.sent_at.is_(None), OutboxMessage.refused_at.is_(None))
# The table itself: inserts and updates on it skip the ORM's bulk and synchronisation bookkeeping, which
# cost more than the statements on ingest's one writer.
OUTBOX = cast(Table, OutboxMessage.__table__)
ENQUEUE = insert(OUTBOX)  # built once, run on the session's connection: no ORM execute path


def enqueue(session: Session, records: Iterable[Record]) -> None:
    """Queue the records for the bus in the session's transaction, as one multi-row insert."""
    queued = list(records)
    for record in queued:
        if record.topic not in _OUTBOX_TOPICS:  # the relay's principal could not publish it
            raise ValueError(f"{record.topic} is not a topic of the outbox (embrace.topics.OUTBOX_TOPICS)")
    insert_rows(session, ENQUEUE, [{"topic": r.topic, "key": r.key, "value": r.value} for r in queued])


# A record waiting in the outbox: its ``id``, ``topic``, ``key`` and ``value``, read as plain rows, which
# cost the relay less than ORM objects.
Waiting = Row[int, str, bytes | None, bytes]


def next_batch(session: Session, limit: int) -> list[Waiting]:
    """The oldest unsent messages. On PostgreSQL, rows another relay holds are skipped, not waited for."""
    query = (
        select(OutboxMessage.id, OutboxMessage.topic, OutboxMessage.key, OutboxMessage.value)
        .where(*_WAITING)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.execute(query).all())


def as_records(messages: Sequence[Waiting]) -> list[Record]:
    return [Record(m.topic, m.key, m.value) for m in messages]


def remove_sent(session: Session, ids: Sequence[int]) -> None:
    """The bus holds these now. The outbox keeps only what waits and what the bus refused: a record
    published is not kept a second time, nor every earlier version of a report with its free text."""
    if ids:
        session.execute(delete(OUTBOX).where(OUTBOX.c.id.in_(ids)))


def remove_every_sent(session: Session) -> None:
    """An upgrade's step: stores from before ``remove_sent`` kept every record they published."""
    session.execute(delete(OUTBOX).where(OUTBOX.c.sent_at.is_not(None)))


def mark_refused(session: Session, refused: dict[int, str]) -> None:
    """The bus will never take these (too large, invalid): they leave the queue, kept with the reason."""
    for message_id, reason in refused.items():
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(refused_at=_now(), last_error=reason[:1000], attempts=OutboxMessage.attempts + 1)
        )


def mark_failed(session: Session, ids: Sequence[int], error: str) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .values(attempts=OutboxMessage.attempts + 1, last_error=error[:1000])
    )


def backlog(session: Session) -> int:
    return session.scalar(select(func.count()).where(*_WAITING)) or 0


def oldest_waiting_seconds(session: Session, now: datetime | None = None) -> float:
    """Age of the oldest record not yet published (0 when none waits): how far the relay is behind."""
    oldest = session.scalar(select(func.min(OutboxMessage.created_at)).where(*_WAITING))
    if oldest is None:
        return 0.0
    if oldest.tzinfo is None:  # an aggregate skips the column type, so SQLite hands back a naive UTC time
        oldest = oldest.replace(tzinfo=UTC)
    return max(0.0, ((now or _now()) - oldest).total_seconds())


def _now() -> datetime:
    return datetime.now(UTC)
