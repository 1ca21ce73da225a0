"""Importing police notices: upsert by id, publish new versions, never delete.

A changed notice is published as a new version of the same notice; an unchanged one is not published
again; importing the same files again changes nothing; an empty or partial response deletes nothing.
Only notices about the tenants' municipalities or counties are kept, unless every notice is wanted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.codec import describe
from embrace.sqlstore import SqlStore
from embrace.sqlstore.boundaries import PlaceNames
from embrace.sqlstore.place_tables import Boundary
from embrace.sqlstore.tables import Tenant
from embrace.topics import POLICE_NOTICES
from services.ingest.imports.police_notices import Observation, Unreadable, parse, police_notice
from services.ingest.imports.records import ImportSummary, RecordBook

SOURCE = "polisen"
CHUNK = 500  # observations per transaction: big enough to be quick, small enough to commit often


@dataclass(frozen=True)
class Scope:
    """Which notices this instance keeps: those in these municipalities or counties, or all."""

    municipalities: frozenset[str]
    counties: frozenset[str]
    everything: bool = False

    def covers(self, municipality: str | None, county: str | None) -> bool:
        return self.everything or municipality in self.municipalities or county in self.counties


def tenants_scope(session: Session) -> Scope:
    codes = frozenset(session.scalars(select(Tenant.code)))
    counties = frozenset(
        c for c in session.scalars(select(Boundary.county_code).where(Boundary.code.in_(codes))) if c
    )
    return Scope(codes, counties)


def import_police(
    sql_store: SqlStore,
    observations: Iterable[Observation | Unreadable],
    names: PlaceNames,
    scope: Scope,
    zone: ZoneInfo,
    progress: Callable[[int], None] = lambda _: None,
) -> ImportSummary:
    summary = ImportSummary()
    source = iter(observations)
    seen = 0
    while chunk := list(islice(source, CHUNK)):
        keys = [
            str(item.raw.get("id"))
            for item in chunk
            if isinstance(item, Observation) and isinstance(item.raw, dict)
        ]
        with sql_store.session() as session:
            book = RecordBook(session, SOURCE, keys)
            for item in chunk:
                _one(book, item, names, scope, zone, summary)
            book.write()
        seen += len(chunk)
        progress(seen)
    return summary


def _one(
    book: RecordBook,
    item: Observation | Unreadable,
    names: PlaceNames,
    scope: Scope,
    zone: ZoneInfo,
    summary: ImportSummary,
) -> None:
    if isinstance(item, Unreadable):
        summary.reject(item.where, item.reason)
        return
    notice = parse(item)
    if isinstance(notice, Unreadable):
        summary.reject(notice.where, notice.reason)
        return
    key = str(notice.id)
    now = datetime.now(UTC)
    try:
        draft = police_notice(notice, 1, names, zone, now)
    except ValidationError as exc:
        summary.reject(item.where, f"not a police notice: {describe(exc)}")
        return
    # A notice outside the tenants is left out, unless an earlier version was kept: then its move
    # elsewhere must be published too, so it stops counting where it was.
    if not scope.covers(draft.tenant, draft.county_code) and not book.known(key):
        summary.count("outside")
        return
    change = book.change(key, notice.fingerprint(), item.observed_at, str(draft.event_id))
    summary.count(change.outcome)
    if change.outcome in ("new", "updated"):
        book.publish(POLICE_NOTICES.record(draft.model_copy(update={"version": change.version})))
