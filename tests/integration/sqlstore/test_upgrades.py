"""An older store, made before an index was in the schema, gets it from the upgrade step that adds it."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, inspect, text

from embrace.sqlstore import SqlStore
from embrace.sqlstore.upgrades import UpgradeStep

ADDED = [  # (table, index, the step that adds it)
    ("reports", "ix_reports_updated", "index-reports-by-update"),
    ("idempotent_requests", "ix_idempotent_requests_created", "index-idempotency-keys-by-time"),
]


@pytest.mark.parametrize(("table", "index", "step"), ADDED)
def test_an_older_store_gets_the_index_of_its_upgrade_step(
    any_sql_store: SqlStore, table: str, index: str, step: str
) -> None:
    with any_sql_store.session() as session:
        session.execute(text(f"DROP INDEX {index}"))
        session.execute(delete(UpgradeStep).where(UpgradeStep.name == step))
    any_sql_store.migrate()
    assert index in {found["name"] for found in inspect(any_sql_store.engine).get_indexes(table)}
