"""What partners wrote in the working loop and the intervention register, scrubbed in the warehouse where
it arrived before the contracts scrubbed it on entry (``ShortProse`` and ``LongProse`` in
embrace.contracts.fields).

The warehouse keeps every version of problems and tasks, so a phone number written once stays in the
versions before it was taken out. ``scrub_prose`` reads the texts that could hold personal data (an @ or
seven digits: embrace.scrubbing's own sieve, which re2 reads as Python does), scrubs them as the
contracts do, and rewrites those that change by one mutation per column, waited for. A store without
any, as every store made since, is read and left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from embrace.scrubbing import CANDIDATE, scrub

if TYPE_CHECKING:
    from embrace.warehouse.connection import Warehouse

# (table, column, whether the column is an array of texts)
PROSE = (
    ("problems", "title", False),
    ("tasks", "text", False),
    ("tasks", "note", False),
    ("meetings", "decisions", True),
    ("interventions", "title", False),
    ("interventions", "description", False),
)
_SIEVE = {"sieve": CANDIDATE.pattern}
_OLD = "{old:Array(String)}"


def scrub_prose(warehouse: Warehouse, cluster: str | None = None) -> int:
    """Scrub the texts written before scrubbing, on one server or on every shard of ``cluster``; how many
    distinct texts changed."""
    changed = 0
    for table, column, is_array in PROSE:
        pairs = [(text, scrub(text).text) for text in _candidates(warehouse, table, column, is_array)]
        old, new = [o for o, n in pairs if o != n], [n for o, n in pairs if o != n]
        if not old:
            continue
        warehouse.command(mutation(table, column, is_array, cluster), {"old": old, "new": new})
        changed += len(old)
    return changed


def mutation(table: str, column: str, is_array: bool, cluster: str | None = None) -> str:
    """The statement that replaces each of the texts ``old`` with its ``new`` (array parameters) in the
    column, waited for; on a cluster, in each shard's replicated table."""
    if is_array:
        change = f"{column} = arrayMap(t -> {_rewritten('t')}, {column}) WHERE hasAny({column}, {_OLD})"
    else:
        change = f"{column} = {_rewritten(column)} WHERE has({_OLD}, {column})"
    target = f"{table}_local ON CLUSTER {cluster}" if cluster else table
    return f"ALTER TABLE {{db}}.{target} UPDATE {change} SETTINGS mutations_sync = 2"


def _rewritten(text: str) -> str:
    return f"transform({text}, {_OLD}, {{new:Array(String)}}, {text})"


def _candidates(warehouse: Warehouse, table: str, column: str, is_array: bool) -> list[str]:
    """The column's distinct texts that the sieve lets through."""
    text, source = (
        ("t", f"{{db}}.{table} ARRAY JOIN {column} AS t") if is_array else (column, f"{{db}}.{table}")
    )
    sql = f"SELECT DISTINCT {text} FROM {source} WHERE match({text}, {{sieve:String}})"
    return [found for (found,) in warehouse.query(sql, _SIEVE)]
