"""PostgreSQL announces every change to the tables that say what an API key grants, so that a process
may keep keys it has checked: a trigger sends a notification when a change commits, and a listener in each
process hears it. Only PostgreSQL can: SQLite has no way to tell another process."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable

import psycopg
from sqlalchemy import Connection, Engine, text

log = logging.getLogger(__name__)

CHANNEL = "embrace_credentials"
TABLES = ("api_keys", "organisations")  # a key's secret, role and revocation; its tenant, slug and kind
_TRIGGER = "embrace_credentials_changed"

_TRIGGERS_IN_PLACE = f"""
SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
WHERE t.tgname = '{_TRIGGER}' AND t.tgenabled <> 'D' AND pg_table_is_visible(c.oid)
  AND c.relname IN ({", ".join(f"'{table}'" for table in TABLES)})"""
_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$"""


def install(connection: Connection) -> None:
    """Add the triggers where they are missing. Statement-level, so a change of many rows is one
    notification, and PostgreSQL delivers it only once the change has committed."""
    if connection.execute(text(_TRIGGERS_IN_PLACE)).scalar_one() == len(TABLES):
        return
    # One installer at a time: services starting together would otherwise race to create the same trigger.
    connection.execute(text(f"SELECT pg_advisory_xact_lock(hashtext('{CHANNEL}'))"))
    connection.execute(text(_FUNCTION))
    for table in TABLES:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {_TRIGGER} ON {table}"))
        connection.execute(text(
            f"CREATE TRIGGER {_TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_TRIGGER}()"
        ))  # fmt: skip


# How often the listener checks that its connection is alive and the triggers are still in place; it wakes
# every second to see whether it should stop.
CHECK_EVERY = 5.0
PROBE = "probe "  # the payload of a listener's own announcement; a change's payload is its table
LISTENER_NAME = "embrace-credential-listener"  # as operators see it in pg_stat_activity
RECONNECT_AFTER = 2.0


class Listener:
    """Hears the announcements in a daemon thread with a connection of its own.

    ``on_change(hearing)`` is called on every announced change, and whenever the listener starts or stops
    hearing them: with ``hearing`` false, a change could now pass unheard (the connection was lost or
    does not hear its own announcements, or the triggers are gone), so nothing kept may be trusted until
    it is called with true again."""

    def __init__(self, engine: Engine, on_change: Callable[[bool], None]) -> None:
        self._conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._on_change = on_change
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = threading.Lock()
        self._hearing = False

    def start(self) -> None:
        """Start listening, unless already started. Cheap enough to call on every request."""
        if self._thread is not None:
            return
        with self._started:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="credential-listener", daemon=True)
                self._thread.start()

    def close(self) -> None:
        self._stopping.set()  # the thread ends within a second; as a daemon it never holds up an exit

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5,
                                     application_name=LISTENER_NAME) as connection:  # fmt: skip
                    self._listen(connection)
            except (psycopg.Error, OSError) as exc:
                log.warning("not hearing changes to API keys, so none are kept: %s", exc)
            self._hear(False)
            self._stopping.wait(RECONNECT_AFTER)

    def _listen(self, connection: psycopg.Connection) -> None:
        connection.execute(f"LISTEN {CHANNEL}")
        probe = f"{PROBE}{uuid.uuid4().hex}"
        while not self._stopping.is_set():
            in_place = connection.execute(_TRIGGERS_IN_PLACE).fetchone() == (len(TABLES),)
            # A connection that does not hear its own announcement hears nobody's: half-open, or behind a
            # pooler that hands each statement to another server connection.
            connection.execute("SELECT pg_notify(%s, %s)", (CHANNEL, probe))
            echoed = False
            for _ in range(int(CHECK_EVERY)):
                for notification in connection.notifies(timeout=1.0):
                    if notification.payload == probe:
                        echoed = True
                        self._hear(in_place)
                    elif not notification.payload.startswith(PROBE):  # other listeners' probes
                        self._on_change(self._hearing)
                if self._stopping.is_set():
                    return
            if not echoed:
                self._hear(False)

    def _hear(self, hearing: bool) -> None:
        if hearing != self._hearing:
            self._hearing = hearing
            self._on_change(hearing)
