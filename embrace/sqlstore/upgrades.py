"""Steps an upgrade takes once, beyond the new tables and columns that ``SqlStore.migrate`` adds.

A step is a name and a function of a session. ``take_steps`` runs each step the store has not yet taken,
in the same transaction as its mark in ``upgrade_steps``, so a step interrupted half-way is taken again
whole. A store made new takes every step on its first migration, where there is nothing yet to do. A step
must do no harm run twice: of two services migrating at once, both may take it (the second's marks are
refused, and ``migrate`` lets that pass).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from embrace.sqlstore.free_text import forget_again, index_reports_by_update
from embrace.sqlstore.idempotency_keys import index_keys_by_time
from embrace.sqlstore.outbox import remove_every_sent
from embrace.sqlstore.prose import scrub_stored_prose
from embrace.sqlstore.registry import publish_every_name
from embrace.sqlstore.tables import Base, UtcDateTime


class UpgradeStep(Base):
    __tablename__ = "upgrade_steps"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime)


STEPS: dict[str, Callable[[Session], object]] = {
    # Stores from before the registry's topics hold names that the warehouse was never told.
    "publish-registry-names": publish_every_name,
    # Stores from before the relay removed what it published kept every record, free text included.
    "forget-published": remove_every_sent,
    # Texts partners wrote in the loop and the intervention register before the contracts scrubbed them.
    "scrub-written-prose": scrub_stored_prose,
    # Stores from before the reports' free text was forgotten lack the index that finds it.
    "index-reports-by-update": index_reports_by_update,
    # Stores from before idempotency keys were forgotten lack the index that finds those of age.
    "index-idempotency-keys-by-time": index_keys_by_time,
    # Reports forgotten before an address that was an incident's only place lost its number kept it whole.
    "forget-house-numbers": forget_again,
}


def take_steps(session: Session) -> list[str]:
    """Take the steps not yet taken; their names."""
    taken = set(session.scalars(select(UpgradeStep.name)))
    due = [name for name in STEPS if name not in taken]
    for name in due:
        STEPS[name](session)
        session.add(UpgradeStep(name=name, taken_at=datetime.now(UTC)))
    return due
