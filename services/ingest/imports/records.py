"""What every import keeps: the last version of each thing brought in, and what happened to each."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from embrace.record import Record
from embrace.sqlstore.outbox import enqueue
from embrace.sqlstore.tables import ImportRecord

Outcome = Literal["new", "updated", "unchanged", "outside", "rejected"]


@dataclass
class ImportSummary:
    counts: Counter[Outcome] = field(default_factory=Counter)
    rejections: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)

    def count(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1

    def reject(self, where: str, reason: str) -> None:
        self.counts["rejected"] += 1
        self.rejections.append((where, reason))

    def lines(self, shown: int = 20) -> list[str]:
        c = self.counts
        lines = [
            f"{c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged, "
            f"{c['outside']} outside the tenants, {c['rejected']} rejected"
        ]
        lines += [f"  {where}: {reason}" for where, reason in self.rejections[:shown]]
        if len(self.rejections) > shown:
            lines.append(f"  ... and {len(self.rejections) - shown} more rejected")
        return lines


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Change:
    outcome: Outcome
    version: int


class RecordBook:
    """The import records of one transaction: read in one query, new ones written in one insert.

    Asking the ORM row by row would flush and select once per imported line; a history of ten thousand
    notices would spend most of its time there.
    """

    def __init__(self, session: Session, source: str, keys: Iterable[str]) -> None:
        self._session = session
        self._source = source
        wanted = set(keys)
        found = (
            session.scalars(
                select(ImportRecord).where(ImportRecord.source == source, ImportRecord.key.in_(wanted))
            )
            if wanted
            else ()
        )
        self._records: dict[str, ImportRecord] = {r.key: r for r in found}
        self._new: dict[str, dict[str, Any]] = {}
        self._outbox: list[Record] = []

    def known(self, key: str) -> bool:
        return key in self._records or key in self._new

    def change(self, key: str, content: str, observed_at: datetime, event_id: str) -> Change:
        """Compare with the last version kept: a new thing is version 1, a changed one the next version.

        A copy older than the version kept (an old snapshot imported after a newer history) changes
        nothing, so importing files in any order ends in the same state.
        """
        digest = sha256(content)
        pending = self._new.get(key)
        if pending is not None:  # seen earlier in this same transaction
            if pending["content_sha256"] == digest or observed_at < pending["observed_at"]:
                pending["observed_at"] = max(pending["observed_at"], observed_at)
                return Change("unchanged", pending["version"])
            pending.update(version=pending["version"] + 1, content_sha256=digest, observed_at=observed_at)
            return Change("updated", pending["version"])
        record = self._records.get(key)
        if record is None:
            self._new[key] = {
                "source": self._source,
                "key": key,
                "version": 1,
                "content_sha256": digest,
                "observed_at": observed_at,
                "event_id": event_id,
            }
            return Change("new", 1)
        if record.content_sha256 == digest or observed_at < record.observed_at:
            record.observed_at = max(record.observed_at, observed_at)
            return Change("unchanged", record.version)
        record.version += 1
        record.content_sha256 = digest
        record.observed_at = observed_at
        return Change("updated", record.version)

    def publish(self, record: Record) -> None:
        self._outbox.append(record)

    def write(self) -> None:
        """New records and outbox rows in one insert each; changed records through the session."""
        if self._new:
            self._session.execute(insert(ImportRecord), list(self._new.values()))
        enqueue(self._session, self._outbox)
