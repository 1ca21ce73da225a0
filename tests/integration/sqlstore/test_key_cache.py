"""API keys checked once are kept on PostgreSQL, and a change anywhere (a revocation in another process)
ends that within milliseconds; whenever a change could pass unheard, nothing is kept. SQLite reads every
time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from embrace.sqlstore import SqlStore, announcements
from embrace.sqlstore.announcements import LISTENER_NAME
from embrace.sqlstore.credentials import Principal, revoke_api_key
from services.cli.main import main
from tests.support.kafka_pipeline import wait_until
from tests.support.partner_store import seed
from tests.support.payloads import weeks_ago
from tests.support.system import System


@pytest.fixture
def serving(postgres_url: str) -> Iterator[SqlStore]:
    """The store as a service opens it."""
    sql_store = SqlStore.connect(postgres_url)
    sql_store.migrate()
    yield sql_store
    sql_store.close()


@pytest.fixture
def elsewhere(postgres_url: str) -> Iterator[SqlStore]:
    """The same database as another process (``embrace keys revoke``, say) opens it."""
    sql_store = SqlStore.connect(postgres_url)
    yield sql_store
    sql_store.close()


def authenticate(sql_store: SqlStore, key: str) -> Principal | None:
    return asyncio.run(sql_store.api_keys.authenticate(key))


def count_reads(sql_store: SqlStore, monkeypatch: pytest.MonkeyPatch, then: Callable[[], None] = lambda: None
) -> list[int]:  # fmt: skip
    """Reads of the database from now on; ``then`` runs after each read, before its answer is used."""
    reads: list[int] = []
    real = sql_store.quick_read

    async def counted(read: Callable[[Any], Any]) -> Any:
        answer = await real(read)
        reads.append(1)
        then()
        return answer

    monkeypatch.setattr(sql_store, "quick_read", counted)
    return reads


def hearing(sql_store: SqlStore) -> None:
    """Once the listener hears, with nothing kept: an unknown key starts it and is not kept itself."""
    assert authenticate(sql_store, "emb_00000000_unknown") is None
    assert wait_until(lambda: sql_store.api_keys.hearing, timeout=10, every=0.02), "the listener never heard"


def revoke(sql_store: SqlStore, key: str) -> None:
    with sql_store.session() as session:
        assert revoke_api_key(session, key.split("_")[1])


def test_a_key_checked_once_is_kept(serving: SqlStore, monkeypatch: pytest.MonkeyPatch) -> None:
    key = seed(serving)
    hearing(serving)
    reads = count_reads(serving, monkeypatch)
    principals = [authenticate(serving, key) for _ in range(3)]
    assert len(reads) == 1
    assert {p.organisation if p else None for p in principals} == {"bostadsbolaget"}


def test_a_key_revoked_in_another_process_stops_working_within_a_second(
    serving: SqlStore, elsewhere: SqlStore
) -> None:
    key = seed(serving)
    hearing(serving)
    assert authenticate(serving, key) is not None
    revoke(elsewhere, key)
    revoked = time.monotonic()
    assert wait_until(lambda: authenticate(serving, key) is None, timeout=1, every=0.001)
    print(f"refused {1000 * (time.monotonic() - revoked):.1f} ms after the revocation committed")


def test_a_key_read_while_a_change_is_announced_is_not_kept(
    serving: SqlStore, elsewhere: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = seed(serving)
    hearing(serving)
    cache = serving.api_keys

    def revoke_before_the_answer_is_used() -> None:
        before = cache.generation
        revoke(elsewhere, key)
        assert wait_until(lambda: cache.generation > before, timeout=5, every=0.001)

    count_reads(serving, monkeypatch, then=revoke_before_the_answer_is_used)
    assert authenticate(serving, key) is not None  # read before the revocation: right for this request
    monkeypatch.undo()
    assert authenticate(serving, key) is None


def test_while_the_listener_is_cut_off_every_request_reads_the_key(
    serving: SqlStore, elsewhere: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = seed(serving)
    hearing(serving)
    with elsewhere.engine.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :name"),
            {"name": LISTENER_NAME},
        )
    assert wait_until(lambda: not serving.api_keys.hearing, timeout=5, every=0.01)
    reads = count_reads(serving, monkeypatch)
    assert authenticate(serving, key) is not None
    assert authenticate(serving, key) is not None
    assert len(reads) == 2
    assert wait_until(lambda: serving.api_keys.hearing, timeout=10, every=0.05), "it never came back"
    revoke(elsewhere, key)
    assert wait_until(lambda: authenticate(serving, key) is None, timeout=1, every=0.001)


def test_without_the_triggers_nothing_is_kept_until_migrating_puts_them_back(
    serving: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = seed(serving)
    with serving.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER embrace_credentials_changed ON organisations"))
    reads = count_reads(serving, monkeypatch)
    assert authenticate(serving, key) is not None
    time.sleep(1.0)  # the listener has connected and looked for the triggers
    assert authenticate(serving, key) is not None
    assert (len(reads), serving.api_keys.hearing) == (2, False)
    serving.migrate()
    assert wait_until(lambda: serving.api_keys.hearing, timeout=10, every=0.05)


class Deaf:
    """A connection behind a pooler that hands each statement to another server connection: what it
    listens for never arrives."""

    def __init__(self, connection: psycopg.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> Deaf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.connection.close()

    def execute(self, *args: Any) -> Any:
        return self.connection.execute(*args)

    def notifies(self, timeout: float) -> Iterator[Any]:
        time.sleep(timeout)
        return iter(())


def test_a_listener_that_does_not_hear_its_own_announcement_keeps_nothing(
    serving: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    deaf = SimpleNamespace(connect=lambda *a, **k: Deaf(psycopg.connect(*a, **k)), Error=psycopg.Error)
    monkeypatch.setattr(announcements, "psycopg", deaf)
    key = seed(serving)
    reads = count_reads(serving, monkeypatch)
    assert authenticate(serving, key) is not None
    time.sleep(1.5)  # it has connected, found the triggers and waited a second for its announcement
    assert authenticate(serving, key) is not None
    assert (len(reads), serving.api_keys.hearing) == (2, False)


def test_sqlite_reads_the_key_every_time(tmp_path: Any) -> None:
    sql_store = SqlStore.connect(f"sqlite:///{tmp_path / 'embrace.sqlite3'}")
    sql_store.migrate()
    key = seed(sql_store)
    assert authenticate(sql_store, key) is not None
    revoke(sql_store, key)
    assert authenticate(sql_store, key) is None
    sql_store.close()


def test_a_partner_whose_key_the_command_line_revokes_is_refused_at_once(
    on_postgres: System, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = on_postgres.add_partner("0180", "stadsdelen")

    def submit() -> int:
        body = {"incidents": [weeks_ago(2).incident()]}
        return on_postgres.client.post("/v1/reports", json=body, headers={"X-API-Key": key}).status_code

    assert submit() == 202
    assert wait_until(lambda: on_postgres.sql_store.api_keys.hearing, timeout=10, every=0.02)
    assert submit() == 202
    monkeypatch.setenv("EMBRACE_DATABASE_URL", postgres_url)
    assert main(["keys", "revoke", key.split("_")[1], "--home", str(on_postgres.settings.home)]) == 0
    assert wait_until(lambda: submit() == 401, timeout=1, every=0.001)
