"""How long an ``Idempotency-Key`` is remembered: ``REMEMBERED_DAYS`` after its first answer. A repeat
within them gets the first answer again; after them the key is free, and the store does not keep every
key it was ever sent. The report schedule forgets them as it forgets free text, a batch to a unit of work.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Index, delete, select
from sqlalchemy.orm import Session

from embrace.sqlstore.tables import IdempotentRequest

if TYPE_CHECKING:
    from embrace.sqlstore.store import SqlStore

REMEMBERED_DAYS = 30  # well past any client's retries, and past a week's reporting and its corrections
BATCH = 5000  # keys deleted in one unit of work

# The index by which each run finds the keys of age (an upgrade step adds it to older stores).
BY_TIME = Index("ix_idempotent_requests_created", IdempotentRequest.created_at)


def forget_idempotency_keys(sql_store: SqlStore, before: datetime) -> int:
    """Forget the keys first answered before ``before``; how many."""
    total = 0
    while True:
        with sql_store.session() as session:
            due = select(IdempotentRequest.id).where(IdempotentRequest.created_at < before).limit(BATCH)
            ids = list(session.scalars(due))
            if ids:
                session.execute(delete(IdempotentRequest).where(IdempotentRequest.id.in_(ids)))
        total += len(ids)
        if len(ids) < BATCH:
            return total


def index_keys_by_time(session: Session) -> None:
    """An upgrade's step: stores made before the index was in the schema get it."""
    BY_TIME.create(session.connection(), checkfirst=True)
