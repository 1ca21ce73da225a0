"""Changes to existing stores that idempotent statements cannot make: a table whose engine changed.

The incidents table gained a deleted flag in its engine (``ReplacingMergeTree(report_version,
is_deleted)``) and a partition key, which no ALTER can add. A store made before is moved over once:
its table is renamed aside, the schema creates the new one, the rows are copied with the flag worked
out from the report versions as the old view did (a row counts only if it is its report's latest
version and that version is not a withdrawal), and the old table is dropped.

The alerts table gained versions (an alert is updated, closed, withdrawn). Alerts are derived from the
counts, so an old one is dropped: the next evaluation raises the alerts of the running weeks again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from embrace.warehouse.connection import Warehouse

ASIDE = "incidents_before_deletes"
_ENGINE = "SELECT engine_full FROM system.tables WHERE database = {db:String} AND name = {name:String}"
_COLUMNS = (
    "SELECT name FROM system.columns WHERE database = {db:String} AND table = {name:String} ORDER BY position"
)
_COPY = f"""
INSERT INTO {{db}}.incidents (COLUMNS, is_deleted)
SELECT COLUMNS, (report_id, report_version) NOT IN (
    SELECT report_id, version FROM {{db}}.report_versions FINAL WHERE NOT retracted
) FROM {{db}}.{ASIDE} FINAL
"""


def set_aside(warehouse: Warehouse) -> None:
    """Before the schema: rename an incidents table of an older shape out of the way."""
    engine = warehouse.query(_ENGINE, {"db": warehouse.database, "name": "incidents"})
    if engine and "PARTITION BY cityHash64(tenant)" not in engine[0][0]:
        warehouse.command(f"RENAME TABLE {{db}}.incidents TO {{db}}.{ASIDE}")
    engine = warehouse.query(_ENGINE, {"db": warehouse.database, "name": "alerts"})
    if engine and "ReplacingMergeTree(version)" not in engine[0][0]:
        warehouse.command("DROP TABLE {db}.alerts")


def move_over(warehouse: Warehouse) -> None:
    """After the schema: copy the rows set aside into the new table, then drop the old one."""
    names = [n for (n,) in warehouse.query(_COLUMNS, {"db": warehouse.database, "name": ASIDE})]
    if not names:
        return
    warehouse.command(_COPY.replace("COLUMNS", ", ".join(f"`{n}`" for n in names)))
    warehouse.command(f"DROP TABLE {{db}}.{ASIDE}")
