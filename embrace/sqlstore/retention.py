"""What the SQL store forgets as it comes of age, in one call the report schedule makes each minute:
reports' free text (``free_text.py``), idempotency keys (``idempotency_keys.py``) and the geocoder's
answers (``geocoded.py``). docs/personal-data.md lists each with its time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from embrace.sqlstore.free_text import forget_every_free_text
from embrace.sqlstore.geocoded import GeocodeCache, Keeping
from embrace.sqlstore.idempotency_keys import REMEMBERED_DAYS, forget_idempotency_keys

if TYPE_CHECKING:
    from embrace.sqlstore.store import SqlStore


def forget_what_came_of_age(sql_store: SqlStore, now: datetime, free_text_days: int) -> None:
    forget_every_free_text(sql_store, now - timedelta(days=free_text_days))
    forget_idempotency_keys(sql_store, now - timedelta(days=REMEMBERED_DAYS))
    GeocodeCache(sql_store, Keeping(found_days=free_text_days)).forget(now)
