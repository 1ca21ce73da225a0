"""The warehouse on the real embedded ClickHouse engine (chDB)."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from embrace.errors import StoreUnavailable
from embrace.warehouse import Warehouse
from embrace.warehouse.ddl import schema_statements
from embrace.warehouse.prose import PROSE, mutation
from services.enrich.enrichment import EnrichContext
from services.reporting.stats.weekly import weekly_stats
from tests.support.builders import incident, report
from tests.support.enriching import store


def test_the_schema_applies_twice_without_complaint(warehouse: Warehouse) -> None:
    warehouse.migrate()
    tables = {row[0] for row in warehouse.query("SHOW TABLES FROM {db}")}
    assert {"incidents", "report_versions", "current_incidents", "dead_letters", "interventions"} <= tables


ADDED = re.compile(r"ALTER TABLE (\S+) ADD COLUMN IF NOT EXISTS (\w+)")
EXPIRING = re.compile(r"ALTER TABLE (\S+) MODIFY COLUMN (\w+) String TTL")


def shapes(warehouse: Warehouse) -> dict[str, str]:
    """Each table's and view's definition, in the words of the server."""
    rows = warehouse.query("SELECT name, create_table_query FROM system.tables WHERE database = {db:String}",
                           {"db": warehouse.database})  # fmt: skip
    return {name: query.replace(warehouse.database, "{db}") for name, query in rows}


def test_a_store_made_before_the_last_columns_reaches_the_shape_of_a_new_one(
    warehouse: Warehouse, chdb_store: Path
) -> None:
    older = Warehouse.connect(f"chdb://{chdb_store}", f"t_{uuid.uuid4().hex[:12]}")
    older.migrate()
    for statement in schema_statements(older.database):  # undo what the ALTERs would add
        if added := ADDED.match(statement):
            older.command(f"ALTER TABLE {added[1]} DROP COLUMN {added[2]}")
        elif expiring := EXPIRING.match(statement):
            older.command(f"ALTER TABLE {expiring[1]} MODIFY COLUMN {expiring[2]} REMOVE TTL")
    assert shapes(older)["incidents"] != shapes(warehouse)["incidents"]
    older.migrate()
    assert shapes(older) == shapes(warehouse)
    older.command("DROP DATABASE {db}")
    older.close()


@pytest.mark.parametrize(("table", "column", "is_array"), PROSE)
def test_texts_written_before_scrubbing_are_rewritten_on_a_cluster_in_each_shards_own_table(
    warehouse: Warehouse, table: str, column: str, is_array: bool
) -> None:
    statement = mutation(table, column, is_array, cluster="region")
    [(root,), *_] = warehouse.query(f"EXPLAIN AST {statement}", {"old": ["a"], "new": ["b"]})  # parsed only
    assert root.startswith(f"AlterQuery {warehouse.database} {table}_local ")
    assert f"ON CLUSTER region UPDATE {column} = " in statement


def test_instants_come_back_as_the_same_utc_moment(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    moment = datetime(2026, 1, 28, 21, 15, 30, 123000, tzinfo=UTC)
    store(warehouse, report(incident(at=moment)), enrich_context)
    (stored,) = warehouse.query("SELECT time_start FROM {db}.incidents")[0]
    assert stored == moment
    assert stored.tzinfo is not None


def test_a_replayed_report_is_counted_once(warehouse: Warehouse, enrich_context: EnrichContext) -> None:
    made = report(incident("graffiti"), incident("littering"))
    for _ in range(3):
        store(warehouse, made, enrich_context)
    assert weekly_stats(warehouse, "9999", "2026-W05").incidents == 2


def test_a_correction_that_drops_an_incident_takes_effect(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    first = report(incident("graffiti"), incident("littering"), incident("vandalism"))
    store(warehouse, first, enrich_context)
    store(warehouse, report(incident("graffiti"), report_id=first.event_id, version=2), enrich_context)
    stats = weekly_stats(warehouse, "9999", "2026-W05")
    assert (stats.incidents, stats.by_category) == (1, {"graffiti": 1})


def test_a_late_older_version_does_not_undo_a_correction(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    first = report(incident("graffiti"), incident("littering"))
    second = report(incident("vandalism"), report_id=first.event_id, version=2)
    store(warehouse, second, enrich_context)
    store(warehouse, first, enrich_context)  # redelivered out of order
    assert weekly_stats(warehouse, "9999", "2026-W05").by_category == {"vandalism": 1}


def test_a_retracted_report_is_no_longer_counted(warehouse: Warehouse, enrich_context: EnrichContext) -> None:
    kept, withdrawn = report(incident("graffiti")), report(incident("littering"), incident("littering"))
    store(warehouse, kept, enrich_context)
    store(warehouse, withdrawn, enrich_context)
    store(warehouse, report(report_id=withdrawn.event_id, version=2, retracted=True), enrich_context)
    assert weekly_stats(warehouse, "9999", "2026-W05").by_category == {"graffiti": 1}


def test_counts_are_kept_apart_by_tenant_and_week(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    store(warehouse, report(incident("graffiti"), tenant="0180"), enrich_context)
    store(warehouse, report(incident("graffiti")), enrich_context)
    assert weekly_stats(warehouse, "0180", "2026-W05").incidents == 1
    assert weekly_stats(warehouse, "0180", "2026-W04").incidents == 0


def test_a_second_process_is_told_who_holds_the_embedded_store(chdb_store: Path) -> None:
    script = f"from embrace.warehouse import Warehouse\nWarehouse.connect('chdb://{chdb_store}', 'embrace')\n"
    held = Warehouse.connect(f"chdb://{chdb_store}", f"t_{uuid.uuid4().hex[:8]}")
    try:
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
        )
    finally:
        held.close()
    assert "StoreInUse" in result.stderr
    assert f"the ClickHouse store at {chdb_store} is in use by process" in result.stderr


def test_an_unreachable_server_is_one_clear_line() -> None:
    with pytest.raises(
        StoreUnavailable, match=r"^cannot reach ClickHouse at 127.0.0.1:9: connection refused$"
    ):
        Warehouse.connect("http://127.0.0.1:9", "embrace")
