"""The warehouse schema as statements: for one server, or in its cluster form.

``schema.sql`` is the schema of one server. For those who outgrow one server:

Every table ``T`` of the single-server schema becomes a replicated table ``T_local`` on each shard and a
Distributed table ``T`` over them, so every query and insert of the platform stays as it is. Rows are
sharded so that every version of a row lands on one shard, which ReplacingMergeTree and FINAL (applied
shard by shard) need: incidents by tenant (a correction that moves an incident writes its deleted copy
under the old tenant), report versions and police notices by their own id (a version may change
tenant), dead letters by letter. A view that keeps one table from another's inserts reads the local
table on each shard and writes through the Distributed one, so its rows land on their own shard. Every
statement runs ``ON CLUSTER``; ZooKeeper/Keeper paths use the server's ``{shard}`` and ``{replica}``
macros.
"""

from __future__ import annotations

import re
from importlib import resources

from embrace.settings import FREE_TEXT_DAYS

SHARDING = {
    "incidents": "cityHash64(tenant)",
    "report_versions": "cityHash64(report_id)",
    "report_rows": "cityHash64(report_id)",
    "police_events": "police_id",
    "dead_letters": "cityHash64(letter_id)",
}
DEFAULT_SHARDING = "cityHash64(tenant)"  # every other table is keyed by tenant first

_CREATE_DATABASE = re.compile(r"^CREATE DATABASE IF NOT EXISTS (\S+)$")
_CREATE_TABLE = re.compile(
    r"^CREATE TABLE IF NOT EXISTS (\w+)\.(\w+) (\(.*\)) ENGINE = (\w*MergeTree)(\(([^)]*)\))?(.*)$", re.S
)
_ALTER = re.compile(r"^ALTER TABLE (\w+)\.(\w+) (.*)$", re.S)
_VIEW = re.compile(r"^CREATE OR REPLACE VIEW (\w+)\.(\w+) AS\s+(.*)$", re.S)
_KEEPING = re.compile(
    r"^CREATE MATERIALIZED VIEW IF NOT EXISTS (\S+) TO (\S+) AS\s+(.*)\sFROM (\S+)(.*)$", re.S
)


def schema_statements(
    database: str, free_text_days: int = FREE_TEXT_DAYS, cluster: str | None = None, *, new: bool = False
) -> list[str]:
    """The schema's statements in the order they apply; for the cluster named ``cluster`` if given. A
    ``new`` database needs no ALTER: they bring stores made before to the shape the CREATEs make."""
    text = resources.files("embrace.warehouse").joinpath("schema.sql").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
    text = "\n".join(lines).replace("{free_text_days}", str(int(free_text_days)))
    single = [s.strip().replace("{db}", database) for s in text.split(";") if s.strip()]
    if new:
        single = [s for s in single if not s.startswith("ALTER ")]
    return single if cluster is None else [c for s in single for c in _clustered(s, cluster)]


def _clustered(statement: str, cluster: str) -> list[str]:
    on = f"ON CLUSTER {cluster}"
    if match := _CREATE_DATABASE.match(statement):
        return [f"CREATE DATABASE IF NOT EXISTS {match[1]} {on}"]
    if match := _CREATE_TABLE.match(statement):
        db, table, columns, engine, _, arguments, rest = match.groups()
        path = f"'/clickhouse/tables/{{shard}}/{db}/{table}', '{{replica}}'"
        replicated = f"Replicated{engine}({path}{', ' + arguments if arguments else ''})"
        sharding = SHARDING.get(table, DEFAULT_SHARDING)
        return [
            f"CREATE TABLE IF NOT EXISTS {db}.{table}_local {on} {columns} ENGINE = {replicated}{rest}",
            f"CREATE TABLE IF NOT EXISTS {db}.{table} {on} AS {db}.{table}_local "
            f"ENGINE = Distributed({cluster}, {db}, {table}_local, {sharding})",
        ]
    if match := _ALTER.match(statement):
        db, table, change = match.groups()
        altered = [f"ALTER TABLE {db}.{table}_local {on} {change}"]
        if change.startswith("ADD COLUMN"):  # to both: the Distributed table keeps its local tables' shape
            altered.append(f"ALTER TABLE {db}.{table} {on} {change}")
        return altered
    if match := _VIEW.match(statement):
        return [f"CREATE OR REPLACE VIEW {match[1]}.{match[2]} {on} AS {match[3]}"]
    if match := _KEEPING.match(statement):
        view, target, select, source, where = match.groups()
        kept = f"{select} FROM {source}_local{where}"
        return [f"CREATE MATERIALIZED VIEW IF NOT EXISTS {view} {on} TO {target} AS {kept}"]
    raise ValueError(f"no cluster form for: {statement.splitlines()[0]}")
