"""A ledger of versioned things: the latest version of each in the SQL store, every version on the
outbox in the same transaction. One per kind (problems, tasks, meetings); the store's columns beyond id,
tenant, version and payload come from the ``columns`` hook."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.contracts import Versioned
from embrace.sqlstore.outbox import enqueue
from embrace.topic import Topic

M = TypeVar("M", bound=Versioned)


@dataclass(frozen=True)
class Ledger(Generic[M]):
    table: Any  # a mapped class with id, tenant, version, updated_at and payload
    topic: Topic[M]
    columns: Callable[[M], Mapping[str, Any]] = lambda _: {}  # the table's own columns, read from a value

    def get(self, session: Session, tenant: str, thing: UUID) -> M | None:
        row = session.get(self.table, str(thing))
        return self.topic.model.model_validate(row.payload) if row and row.tenant == tenant else None

    def every(self, session: Session, tenant: str, *where: Any) -> list[M]:
        """The tenant's things, newest change first; ``where`` narrows on the table's columns."""
        query = select(self.table).where(self.table.tenant == tenant, *where)
        rows = session.scalars(query.order_by(self.table.updated_at.desc()))
        return [self.topic.model.model_validate(row.payload) for row in rows]

    def save(self, session: Session, value: M, now: datetime | None = None) -> M:
        """Store ``value`` as the thing's next version (its first if new) and put it on the outbox."""
        now = now or datetime.now(UTC)
        row = session.get(self.table, str(value.event_id), with_for_update=True)
        version = row.version + 1 if row is not None else 1
        stored = value.model_copy(update={"version": version, "published": now})
        fields = {
            "tenant": stored.tenant,
            "version": version,
            "updated_at": now,
            "payload": stored.model_dump(mode="json"),
            **self.columns(stored),
        }
        if row is None:
            session.add(self.table(id=str(stored.event_id), **fields))
        else:
            for name, field in fields.items():
                setattr(row, name, field)
        enqueue(session, [self.topic.record(stored)])
        return stored
