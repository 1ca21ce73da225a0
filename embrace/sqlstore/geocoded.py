"""What the geocoder answered, kept in the SQL store so every worker and every restart reuses it, for as
long as ``Keeping`` says.

A point is kept ``EMBRACE_FREE_TEXT_DAYS`` from its answer, as the warehouse keeps the place texts people
wrote; "not found" only ``UNFOUND_DAYS``, since the map gains places and a street missing from it today
may be on it next month. The report schedule forgets answers of age here; the enrich worker forgets them
in its memory (``services/enrich/geocoding.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, and_, delete, or_, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from embrace.settings import FREE_TEXT_DAYS
from embrace.sqlstore.place_tables import Geocoded
from embrace.sqlstore.store import SqlStore

Point = tuple[float, float]
UNFOUND_DAYS = 30


@dataclass(frozen=True)
class Answer:
    point: Point | None  # None: the service knows no such place in the tenant's municipality
    answered_at: datetime


@dataclass(frozen=True)
class Keeping:
    """How long an answer is kept: by whether it found a point."""

    found_days: int = FREE_TEXT_DAYS
    unfound_days: int = UNFOUND_DAYS

    def found_since(self, now: datetime) -> datetime:
        return now - timedelta(days=self.found_days)

    def unfound_since(self, now: datetime) -> datetime:
        return now - timedelta(days=self.unfound_days)

    def fresh(self, answer: Answer, now: datetime) -> bool:
        since = self.found_since(now) if answer.point is not None else self.unfound_since(now)
        return answer.answered_at >= since


class GeocodeCache:
    def __init__(self, sql_store: SqlStore, keeping: Keeping | None = None) -> None:
        self._sql_store = sql_store
        self.keeping = keeping or Keeping()

    def load(self, now: datetime) -> dict[tuple[str, str], Answer]:
        """Every answer still kept at ``now``."""
        with self._sql_store.session() as session:
            rows = session.scalars(select(Geocoded).where(~self._of_age(now)))
            return {(g.tenant, g.text_key): _answer(g) for g in rows}

    def save(self, tenant: str, text_key: str, point: Point | None, now: datetime | None = None) -> None:
        row = {"tenant": tenant, "text_key": text_key, "lat": point[0] if point else None,
               "lon": point[1] if point else None, "answered_at": now or datetime.now(UTC)}  # fmt: skip
        insert = postgres_insert if self._sql_store.dialect == "postgresql" else sqlite_insert
        statement = insert(Geocoded).values(**row)
        statement = statement.on_conflict_do_update(
            index_elements=["tenant", "text_key"],
            set_={k: v for k, v in row.items() if k not in ("tenant", "text_key")},
        )
        with self._sql_store.session() as session:
            session.execute(statement)

    def forget(self, now: datetime) -> int:
        """Delete the answers of age at ``now``; how many. A table of distinct place texts is small, and
        this runs with the report schedule: a scan, without an index of its own."""
        with self._sql_store.session() as session:
            deleted = cast("CursorResult[Any]", session.execute(delete(Geocoded).where(self._of_age(now))))
            return deleted.rowcount

    def _of_age(self, now: datetime) -> ColumnElement[bool]:
        return or_(
            and_(Geocoded.lat.is_not(None), Geocoded.answered_at < self.keeping.found_since(now)),
            and_(Geocoded.lat.is_(None), Geocoded.answered_at < self.keeping.unfound_since(now)),
        )


def _answer(row: Geocoded) -> Answer:
    point = (row.lat, row.lon) if row.lat is not None and row.lon is not None else None
    return Answer(point, row.answered_at)
