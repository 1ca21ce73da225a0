"""The transactional outbox: records written in the same transaction as the change they announce."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from embrace.bus.processing import Record
from embrace.directory.tables import OutboxMessage


def enqueue(session: Session, records: Iterable[Record]) -> None:
    session.add_all(OutboxMessage(topic=r.topic, key=r.key, value=r.value) for r in records)


def next_batch(session: Session, limit: int) -> list[OutboxMessage]:
    """The oldest unsent messages. On PostgreSQL, rows another relay holds are skipped, not waited for."""
    query = (
        select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)).order_by(OutboxMessage.id).limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def as_records(messages: Sequence[OutboxMessage]) -> list[Record]:
    return [Record(m.topic, m.key, m.value) for m in messages]


def mark_sent(session: Session, ids: Sequence[int]) -> None:
    session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(sent_at=datetime.now(UTC)))


def mark_failed(session: Session, ids: Sequence[int], error: str) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .values(attempts=OutboxMessage.attempts + 1, last_error=error[:1000])
    )


def backlog(session: Session) -> int:
    return session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_(None))) or 0
