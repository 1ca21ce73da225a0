"""PostgreSQL drops connections (a restart, an idle timeout): one found idle is replaced before use, and
a request on one lost in use is answered 503 with Retry-After, its retry storing the report once."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from embrace.sqlstore import engines
from embrace.sqlstore.tables import StoredReport
from tests.support.payloads import weeks_ago
from tests.support.system import System

WEEK = weeks_ago(2)


def drop_connections(url: str) -> None:
    """What a server restart does to every connection of the database."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ))  # fmt: skip
    admin.dispose()


def submit(system: System, key: str, idempotency_key: str | None = None) -> Any:
    headers = {
        "Authorization": f"Bearer {key}",
        **({"Idempotency-Key": idempotency_key} if idempotency_key else {}),
    }
    return system.client.post("/v1/reports", json={"incidents": [WEEK.incident()]}, headers=headers)


def stored(system: System) -> int:
    with system.sql_store.session() as session:
        return int(session.scalar(select(func.count()).select_from(StoredReport)) or 0)


def test_connections_dropped_while_idle_are_replaced_before_use(
    on_postgres: System, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = on_postgres.add_partner("0180", "stadsdelen")
    assert submit(on_postgres, key).status_code == 202
    drop_connections(postgres_url)
    monkeypatch.setattr(engines, "IDLE_BEFORE_PING", 0.0)  # every pooled connection counts as idle
    assert submit(on_postgres, key).status_code == 202
    assert stored(on_postgres) == 2


def test_a_request_on_a_connection_lost_in_use_is_refused_503_and_its_retry_stores_it_once(
    on_postgres: System, postgres_url: str
) -> None:
    key = on_postgres.add_partner("0180", "stadsdelen")
    assert submit(on_postgres, key).status_code == 202
    drop_connections(postgres_url)
    answers = [submit(on_postgres, key, "the-same-report")]
    while answers[-1].status_code == 503 and len(answers) < 5:
        answers.append(submit(on_postgres, key, "the-same-report"))
    *refused, last = answers
    assert refused, "a connection the server dropped was used without an error"
    assert {(a.status_code, a.headers["Retry-After"], a.json()["type"].rsplit("/")[-1]) for a in refused} == {
        (503, "1", "store-lost")
    }
    assert last.status_code == 202
    assert stored(on_postgres) == 2
