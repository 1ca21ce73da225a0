"""The SQL store on SQLite and PostgreSQL: tenants, organisations, API keys, the outbox and stored reports."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import Connection, delete, func, select, text, update

from embrace.contracts import IncidentReport
from embrace.errors import OperatorError, StoreUnavailable
from embrace.record import Record
from embrace.sqlstore import SqlStore
from embrace.sqlstore.credentials import authenticate_api_key, revoke_api_key
from embrace.sqlstore.outbox import as_records, backlog, enqueue, next_batch, remove_sent
from embrace.sqlstore.registry import add_organisation, add_tenant
from embrace.sqlstore.tables import ApiKey, OutboxMessage, StoredReport
from embrace.sqlstore.upgrades import UpgradeStep
from embrace.topics import INCIDENT_REPORTS
from services.ingest.acceptance import accept_new
from tests.support.builders import report
from tests.support.partner_store import principal_of, seed

T = INCIDENT_REPORTS.name  # a topic of the outbox


def test_a_key_identifies_its_organisation_and_tenant(any_sql_store: SqlStore) -> None:
    key = seed(any_sql_store)
    with any_sql_store.reading() as connection:
        principal = authenticate_api_key(connection, key)
    assert principal is not None
    assert (principal.tenant, principal.organisation, principal.source) == (
        "0180",
        "bostadsbolaget",
        "housing",
    )


def test_only_a_hash_of_the_key_is_stored(any_sql_store: SqlStore) -> None:
    key = seed(any_sql_store)
    with any_sql_store.session() as session:
        stored = session.scalars(select(ApiKey)).one()
    assert key.split("_", 2)[2] not in (stored.secret_sha256, stored.prefix, stored.label)
    assert len(stored.secret_sha256) == 64


TAMPERINGS: dict[str, Callable[[str], str]] = {
    "one character changed": lambda k: k[:-1] + ("A" if k[-1] != "A" else "B"),
    "made up": lambda _: "emb_deadbeef_secret",
    "case changed": str.swapcase,
}


@pytest.mark.parametrize("tamper", TAMPERINGS.values(), ids=TAMPERINGS.keys())
def test_a_wrong_key_identifies_nobody(any_sql_store: SqlStore, tamper: Callable[[str], str]) -> None:
    key = seed(any_sql_store)
    with any_sql_store.reading() as connection:
        assert authenticate_api_key(connection, tamper(key)) is None


def test_a_revoked_key_no_longer_works(any_sql_store: SqlStore) -> None:
    key = seed(any_sql_store)
    with any_sql_store.session() as session:
        assert revoke_api_key(session, key.split("_")[1])
    with any_sql_store.reading() as connection:
        assert authenticate_api_key(connection, key) is None


def test_a_key_whose_role_this_release_does_not_know_grants_nothing(any_sql_store: SqlStore) -> None:
    key = seed(any_sql_store)
    with any_sql_store.session() as session:
        session.execute(update(ApiKey).values(role="mayor"))
    with any_sql_store.reading() as connection:
        assert authenticate_api_key(connection, key) is None


def test_a_quick_read_waits_on_a_worker_thread_only_for_a_server(any_sql_store: SqlStore) -> None:
    def read(connection: Connection) -> tuple[int, int]:
        return connection.execute(text("SELECT 1")).scalar_one(), threading.get_ident()

    async def on_the_loop() -> tuple[int, int, int]:
        return *await any_sql_store.quick_read(read), threading.get_ident()

    one, reader, loop = asyncio.run(on_the_loop())
    assert one == 1
    assert (reader == loop) == (any_sql_store.dialect == "sqlite")


def test_organisations_need_an_existing_tenant_and_a_known_kind(any_sql_store: SqlStore) -> None:
    with any_sql_store.session() as session, pytest.raises(OperatorError, match="no tenant 0181"):
        add_organisation(session, "0181", "polisen", "Polisen", "police")
    with any_sql_store.session() as session:
        add_tenant(session, "0181", "Sollentuna")
    with any_sql_store.session() as session, pytest.raises(OperatorError, match="kind 'bank' is not one of"):
        add_organisation(session, "0181", "banken", "Banken", "bank")


def test_a_tenant_code_has_four_digits(any_sql_store: SqlStore) -> None:
    with any_sql_store.session() as session, pytest.raises(OperatorError, match="4-digit"):
        add_tenant(session, "180", "Stockholm")


def test_the_outbox_hands_out_unsent_records_oldest_first(any_sql_store: SqlStore) -> None:
    with any_sql_store.session() as session:
        enqueue(session, [Record(T, b"k1", b"v1"), Record(T, None, b"v2"), Record(T, b"k3", b"v3")])
    with any_sql_store.session() as session:
        batch = next_batch(session, 2)
        assert as_records(batch) == [Record(T, b"k1", b"v1"), Record(T, None, b"v2")]
        remove_sent(session, [m.id for m in batch])
    with any_sql_store.session() as session:
        assert as_records(next_batch(session, 10)) == [Record(T, b"k3", b"v3")]
        assert backlog(session) == 1
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1  # nothing sent is kept


def test_an_upgraded_store_forgets_what_it_had_published_and_keeps_what_waits(
    any_sql_store: SqlStore,
) -> None:
    with any_sql_store.session() as session:  # as a release that kept what it published left it
        enqueue(session, [Record(T, b"k1", b"sent"), Record(T, b"k2", b"waits")])
        session.execute(update(OutboxMessage).where(OutboxMessage.key == b"k1").values(sent_at=func.now()))
        session.execute(delete(UpgradeStep).where(UpgradeStep.name == "forget-published"))
    any_sql_store.migrate()
    with any_sql_store.session() as session:
        assert [m.value for m in session.scalars(select(OutboxMessage))] == [b"waits"]


def test_a_report_is_stored_as_the_object_its_outbox_record_carries(any_sql_store: SqlStore) -> None:
    principal = principal_of(any_sql_store, seed(any_sql_store))
    made = report(tenant="0180", organisation="bostadsbolaget", source="housing")
    with any_sql_store.session() as session:
        accept_new(session, principal, [made])
    json_type = func.json_typeof if any_sql_store.dialect == "postgresql" else func.json_type
    with any_sql_store.session() as session:
        stored = session.scalars(select(StoredReport)).one()
        kind = session.scalar(select(json_type(StoredReport.payload)))
        (queued,) = [r for r in as_records(next_batch(session, 10)) if r.topic == INCIDENT_REPORTS.name]
    assert kind == "object"  # not a JSON string holding the text
    assert IncidentReport.model_validate(stored.payload) == made
    assert IncidentReport.model_validate_json(queued.value) == made


def test_a_failed_unit_of_work_leaves_nothing_behind(any_sql_store: SqlStore) -> None:
    def crash_before_commit() -> None:
        with any_sql_store.session() as session:
            enqueue(session, [Record(T, None, b"v")])
            raise RuntimeError("crash before commit")

    with pytest.raises(RuntimeError):
        crash_before_commit()
    with any_sql_store.session() as session:
        assert backlog(session) == 0


def test_an_unreachable_database_is_one_clear_line() -> None:
    with pytest.raises(
        StoreUnavailable, match=r"cannot reach the SQL store at postgresql\+psycopg://u:\*\*\*@"
    ):
        SqlStore.connect("postgresql+psycopg://u:secret@127.0.0.1:9/x")
