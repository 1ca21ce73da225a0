"""The one-process rule of an embedded (chDB) store, made plain: a file lock beside the store."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path
from typing import IO

from embrace.errors import StoreInUse


class StoreLocks:
    """Exclusive file locks beside embedded stores, held while this process has clients open on them.

    chDB allows one process per store and fails obscurely otherwise; the lock turns that into a clear
    message naming the holder. Clients within this process share the lock (and chDB shares the engine).
    """

    def __init__(self) -> None:
        self._held: dict[Path, tuple[IO[str], int]] = {}
        self._mutex = threading.Lock()

    def acquire(self, store: Path) -> None:
        with self._mutex:
            if store in self._held:
                handle, count = self._held[store]
                self._held[store] = (handle, count + 1)
                return
            handle = store.with_name(store.name + ".lock").open("a+")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                handle.close()
                raise StoreInUse(
                    f"the ClickHouse store at {store} is in use by {holder}; only one process may open an "
                    "embedded store: stop it, read through its HTTP API, share the store with "
                    "`embrace warehouse share`, or use another --home"
                ) from None
            handle.seek(0)
            handle.truncate()
            handle.write(f"process {os.getpid()}")
            handle.flush()
            self._held[store] = (handle, 1)

    def release(self, store: Path) -> None:
        with self._mutex:
            handle, count = self._held[store]
            if count > 1:
                self._held[store] = (handle, count - 1)
            else:
                del self._held[store]
                handle.close()
