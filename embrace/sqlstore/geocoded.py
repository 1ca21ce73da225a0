"""What the geocoder answered, kept in the SQL store so every worker and every restart reuses it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from embrace.sqlstore.place_tables import Geocoded
from embrace.sqlstore.store import SqlStore

Point = tuple[float, float]


class GeocodeCache:
    def __init__(self, sql_store: SqlStore) -> None:
        self._sql_store = sql_store

    def load(self) -> dict[tuple[str, str], Point | None]:
        with self._sql_store.session() as session:
            return {
                (g.tenant, g.text_key): (g.lat, g.lon) if g.lat is not None and g.lon is not None else None
                for g in session.scalars(select(Geocoded))
            }

    def save(self, tenant: str, text_key: str, point: Point | None) -> None:
        row = {"tenant": tenant, "text_key": text_key, "lat": point[0] if point else None,
               "lon": point[1] if point else None, "answered_at": datetime.now(UTC)}  # fmt: skip
        insert = postgres_insert if self._sql_store.dialect == "postgresql" else sqlite_insert
        statement = insert(Geocoded).values(**row)
        statement = statement.on_conflict_do_update(
            index_elements=["tenant", "text_key"],
            set_={k: v for k, v in row.items() if k not in ("tenant", "text_key")},
        )
        with self._sql_store.session() as session:
            session.execute(statement)
