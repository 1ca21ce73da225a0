"""What people wrote in a report, forgotten by the SQL store as the warehouse forgets it (a column TTL):
``EMBRACE_FREE_TEXT_DAYS`` after the report was last submitted.

Each incident loses its description, and its address where a point or an area also places it; an
address that is an incident's only place keeps its street but not its number, nor what follows (a
flat, a stairwell), since a number can be somebody's home. Categories, times, places and counts stay,
so the report can still be read, corrected and withdrawn. A correction submitted later keeps its new
text for the days from then. A draft in the web app left as long is deleted.

The store remembers how far it has forgotten (``free_text_forgotten``), so each run reads only the
reports that came of age since, by the index on ``updated_at``. That is enough because every way in
(the API, the web app, history imports, the demo) stores a report at the time it is stored: none lands
behind the mark, which is ``EMBRACE_FREE_TEXT_DAYS`` in the past.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Index, String, delete, select, tuple_
from sqlalchemy.orm import Mapped, Session, mapped_column

from embrace.sqlstore.tables import Base, Draft, StoredReport, UtcDateTime

if TYPE_CHECKING:
    from embrace.sqlstore.store import SqlStore

BATCH = 1000  # reports rewritten in one unit of work
NUMBER_ON = re.compile(r"(?:^|\s)\d|[,;(]")  # where a street's name ends: a number, or what a comma adds
NO_STREET = "[adress]"  # an address that was a number alone, as scrubbing marks what it removes


class FreeTextForgotten(Base):
    """How far the reports' free text is forgotten: every report before (``updated_at``, ``id``)."""

    __tablename__ = "free_text_forgotten"
    name: Mapped[str] = mapped_column(String(20), primary_key=True)  # one row, "reports"
    until: Mapped[datetime] = mapped_column(UtcDateTime)
    after_id: Mapped[str] = mapped_column(String(36), default="")


# The index by which each run finds the reports that came of age (an upgrade step adds it to older stores).
BY_UPDATE = Index("ix_reports_updated", StoredReport.updated_at, StoredReport.id)


def forget_every_free_text(sql_store: SqlStore, before: datetime) -> int:
    """Forget the free text of every report last submitted before ``before``, a batch to a unit of work,
    and the drafts in the web app left since; how many reports were rewritten."""
    with sql_store.session() as session:
        session.execute(delete(Draft).where(Draft.updated_at < before))  # a row a person: no index needed
    total = 0
    while True:
        with sql_store.session() as session:
            rewritten = forget_free_text(session, before)
        total += rewritten
        if rewritten < BATCH:
            return total


def index_reports_by_update(session: Session) -> None:
    """An upgrade's step: stores made before the index was in the schema get it."""
    BY_UPDATE.create(session.connection(), checkfirst=True)


def forget_again(session: Session) -> None:
    """An upgrade's step when what is forgotten grows: the next run reads every report of age again
    (one already rewritten is rewritten to the same)."""
    session.execute(delete(FreeTextForgotten))


def forget_free_text(session: Session, before: datetime) -> int:
    """Forget the free text of reports last submitted before ``before``, a batch at most, in the order
    they were; how many were rewritten (a full batch: call again)."""
    mark = session.get(FreeTextForgotten, "reports")
    query = select(StoredReport).where(StoredReport.updated_at < before)
    if mark is not None:  # reports submitted in one transaction share a time: the id breaks the tie
        query = query.where(
            tuple_(StoredReport.updated_at, StoredReport.id) > tuple_(mark.until, mark.after_id)
        )
    rows = list(session.scalars(query.order_by(StoredReport.updated_at, StoredReport.id).limit(BATCH)))
    if not rows:
        return 0  # nothing came of age: the mark stays as it is, not rewritten every minute
    for row in rows:
        row.payload = without_free_text(row.payload)
    until, after_id = (rows[-1].updated_at, rows[-1].id) if len(rows) == BATCH else (before, "")
    session.merge(FreeTextForgotten(name="reports", until=until, after_id=after_id))
    return len(rows)


def without_free_text(payload: dict[str, Any]) -> dict[str, Any]:
    """A stored report's payload without its incidents' descriptions, nor addresses that another place
    stands beside."""
    incidents = []
    for incident in payload.get("incidents", []):
        location = dict(incident.get("location") or {})
        if location.get("point") is not None or location.get("area_id") is not None:
            location["address"] = None
        elif location.get("address"):
            location["address"] = street_only(location["address"])
        incidents.append({**incident, "description": None, "location": location})
    return {**payload, "incidents": incidents}


def street_only(address: str) -> str:
    """An address as far as its street: "Storgatan 12 B, lgh 1102" is "Storgatan"."""
    return NUMBER_ON.split(address, maxsplit=1)[0].strip(" -/") or NO_STREET
