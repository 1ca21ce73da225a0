"""Checking an API key on every request, without a round trip to a database server for each.

On PostgreSQL a key once found valid is kept in the process. A change to the keys or organisations in
any process (a revocation by ``embrace keys revoke``, say) is announced (``announcements``) and empties
what was kept, so a revoked key stops working as soon as the change commits and the announcement arrives,
within milliseconds. On SQLite, which cannot announce, every request reads the key: a read in place there
costs tens of microseconds."""

from __future__ import annotations

import hashlib
import threading
import time
from typing import TYPE_CHECKING

from embrace.sqlstore import announcements
from embrace.sqlstore.credentials import Principal, authenticate_api_key

if TYPE_CHECKING:
    from embrace.sqlstore.store import SqlStore

# A backstop, not the means of revocation: should a change ever pass unheard (triggers disabled by
# hand, say), a kept key is read again after this many seconds.
KEEP_FOR = 60.0


class KeyCache:
    def __init__(self, sql_store: SqlStore) -> None:
        self._sql_store = sql_store
        self._kept: dict[bytes, tuple[Principal, float]] = {}  # by a hash of the key: never the secret
        self._lock = threading.Lock()
        self._generation = 0  # moves on whenever what was kept may have changed
        self._hearing = False
        announced = sql_store.dialect == "postgresql"
        self._listener = announcements.Listener(sql_store.engine, self._changed) if announced else None

    async def authenticate(self, presented: str) -> Principal | None:
        """Who presents this key, or None if nobody (unknown, wrong or revoked)."""
        if self._listener is None:
            return await self._read(presented)
        self._listener.start()
        digest = hashlib.sha256(presented.encode()).digest()
        kept = self._kept.get(digest)
        if kept is not None and kept[1] > time.monotonic():
            return kept[0]
        generation = self._generation
        principal = await self._read(presented)
        if principal is not None:
            self._keep(digest, principal, generation)
        return principal

    async def _read(self, key: str) -> Principal | None:
        return await self._sql_store.quick_read(lambda connection: authenticate_api_key(connection, key))

    def _keep(self, digest: bytes, principal: Principal, read_in: int) -> None:
        # A change announced while the read was under way may have committed after the read saw the key:
        # then the answer was right for this request but must not be kept for the next.
        with self._lock:
            if self._hearing and self._generation == read_in:
                self._kept[digest] = (principal, time.monotonic() + KEEP_FOR)

    def _changed(self, hearing: bool) -> None:
        with self._lock:
            self._generation += 1
            self._hearing = hearing
            self._kept.clear()

    @property
    def hearing(self) -> bool:
        """Whether changes are being heard, so that checked keys are kept."""
        return self._hearing

    @property
    def generation(self) -> int:
        """Moves on at every change heard, and whenever hearing starts or stops."""
        return self._generation

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()
