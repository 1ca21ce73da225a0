"""An Idempotency-Key is remembered for its days: a repeat within them gets the first answer; after them
the schedule has forgotten the key, and it is free again."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update

from embrace.sqlstore import SqlStore, idempotency_keys
from embrace.sqlstore.idempotency_keys import REMEMBERED_DAYS, forget_idempotency_keys
from embrace.sqlstore.tables import IdempotentRequest, StoredReport
from embrace.taxonomy import Taxonomy
from services.reporting.delivery.schedule import Scheduler
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth

WEEK = weeks_ago(2)
NOW = datetime.now(UTC)
CUTOFF = NOW - timedelta(days=REMEMBERED_DAYS)


def post(system: System, key: str, idempotency: str, body: Mapping[str, object]) -> int:
    headers = auth(key, **{"Idempotency-Key": idempotency})
    return system.client.post("/v1/reports", json=body, headers=headers).status_code


def count(sql_store: SqlStore, table: type[object]) -> int:
    with sql_store.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def aged(sql_store: SqlStore, idempotency: str, days: int) -> None:
    with sql_store.session() as session:
        session.execute(update(IdempotentRequest).where(IdempotentRequest.key == idempotency)
                        .values(created_at=NOW - timedelta(days=days)))  # fmt: skip


def test_a_key_of_age_is_forgotten_and_free_again_while_a_recent_one_is_kept(
    system: System, key: str
) -> None:
    for idempotency in ("weekly-old", "weekly-new"):
        assert post(system, key, idempotency, WEEK.three_incidents()) == 202
    aged(system.sql_store, "weekly-old", REMEMBERED_DAYS + 1)
    assert forget_idempotency_keys(system.sql_store, CUTOFF) == 1
    other = {"incidents": [WEEK.incident()]}
    assert post(system, key, "weekly-old", other) == 202  # a new request now
    assert post(system, key, "weekly-new", other) == 422  # still the first answer's key
    assert count(system.sql_store, StoredReport) == 3


def test_keys_of_age_are_forgotten_a_batch_at_a_time(
    system: System, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(idempotency_keys, "BATCH", 2)
    for n in range(5):
        post(system, key, f"k-{n}", WEEK.three_incidents())
        aged(system.sql_store, f"k-{n}", REMEMBERED_DAYS + 1 + n)
    assert forget_idempotency_keys(system.sql_store, CUTOFF) == 5
    assert count(system.sql_store, IdempotentRequest) == 0


def test_the_report_schedule_forgets_the_keys_of_age(system: System, key: str) -> None:
    post(system, key, "vecka-47", WEEK.three_incidents())
    schedule = Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), ZoneInfo("Europe/Stockholm"),
                         None, "", {})  # fmt: skip
    schedule.run_due(NOW + timedelta(days=REMEMBERED_DAYS - 1))
    assert count(system.sql_store, IdempotentRequest) == 1
    schedule.run_due(NOW + timedelta(days=REMEMBERED_DAYS + 1))
    assert count(system.sql_store, IdempotentRequest) == 0
