"""The warehouse schema in its cluster form: every table replicated on each shard behind a Distributed
table of the same name, every statement ON CLUSTER, and rows sharded so a row's versions meet."""

from __future__ import annotations

import re

from embrace.warehouse.ddl import SHARDING, schema_statements
from services.cli.main import main

SINGLE = schema_statements("embrace")
CLUSTER = schema_statements("embrace", cluster="region")


def tables(statements: list[str]) -> set[str]:
    return {m[1] for s in statements if (m := re.match(r"CREATE TABLE IF NOT EXISTS embrace\.(\w+)", s))}


def test_every_table_is_replicated_on_the_shards_behind_a_distributed_table_of_its_own_name() -> None:
    assert tables(CLUSTER) == tables(SINGLE) | {f"{t}_local" for t in tables(SINGLE)}
    for table in tables(SINGLE):
        [local] = [s for s in CLUSTER if s.startswith(f"CREATE TABLE IF NOT EXISTS embrace.{table}_local ")]
        path = f"'/clickhouse/tables/{{shard}}/embrace/{table}', '{{replica}}'"
        assert f"ENGINE = ReplicatedReplacingMergeTree({path}" in local
        [front] = [s for s in CLUSTER if s.startswith(f"CREATE TABLE IF NOT EXISTS embrace.{table} ")]
        assert front.endswith(
            f"Distributed(region, embrace, {table}_local, {SHARDING.get(table, 'cityHash64(tenant)')})"
        )


def test_the_engines_keep_their_arguments_and_every_statement_runs_on_the_cluster() -> None:
    incidents = next(
        s for s in CLUSTER if s.startswith("CREATE TABLE IF NOT EXISTS embrace.incidents_local ")
    )
    assert "', '{replica}', report_version, is_deleted)\nPARTITION BY cityHash64(tenant) % 16" in incidents
    assert all(" ON CLUSTER region" in s for s in CLUSTER)
    assert SHARDING["incidents"] == "cityHash64(tenant)"  # a moved incident's deleted copy keeps its tenant


def test_a_column_is_added_to_both_tables_and_other_changes_to_the_local_one() -> None:
    added = [s for s in CLUSTER if "ADD COLUMN IF NOT EXISTS holiday" in s]
    assert [s.split(" ON ")[0] for s in added] == [
        "ALTER TABLE embrace.incidents_local",
        "ALTER TABLE embrace.incidents",
    ]
    ttl = [s for s in CLUSTER if "MODIFY COLUMN description" in s]
    assert [s.split(" ON ")[0] for s in ttl] == ["ALTER TABLE embrace.incidents_local"]


def test_the_command_prints_the_cluster_form(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["warehouse", "ddl", "--cluster", "region"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("CREATE DATABASE IF NOT EXISTS embrace ON CLUSTER region;")
    assert printed.count(";\n") == len(CLUSTER)


def test_the_writers_log_is_kept_from_each_shards_own_rows_and_lands_on_the_shard_of_its_report() -> None:
    kept = [s for s in CLUSTER if s.startswith("CREATE MATERIALIZED VIEW")]
    assert [s.split(" AS ")[0] for s in kept] == [
        f"CREATE MATERIALIZED VIEW IF NOT EXISTS embrace.{view} ON CLUSTER region TO embrace.report_rows"
        for view in ("report_rows_kept", "report_versions_kept")
    ]
    assert kept[0].endswith("FROM embrace.incidents_local")
    assert kept[1].endswith("FROM embrace.report_versions_local WHERE version > 1")
    assert SHARDING["report_rows"] == SHARDING["report_versions"] == "cityHash64(report_id)"
