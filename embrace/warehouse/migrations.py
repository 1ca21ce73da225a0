"""Changes to existing stores that idempotent statements cannot make: a table whose engine changed.

The incidents table gained a deleted flag in its engine (``ReplacingMergeTree(report_version,
is_deleted)``) and a partition key, which no ALTER can add. A store made before is moved over once:
its table is renamed aside, the schema creates the new one, the rows are copied with the flag worked
out from the report versions as the old view did (a row counts only if it is its report's latest
version and that version is not a withdrawal), and the old table is dropped.

The alerts table gained versions (an alert is updated, closed, withdrawn), and the place outlook a
category group in its key. Both are derived from the counts, so an old one is dropped: the next
evaluation raises the alerts of the running weeks again, the next week's run publishes the outlook.

The writer's log of report rows and versions is kept by views from the inserts into incidents and
report versions; a store made before it begins the log with the rows and versions it holds.
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
_ANY = "SELECT 1 FROM {{db}}.{table} LIMIT 1"
_LOG = """
INSERT INTO {db}.report_rows
SELECT report_id, tenant, incident_index, report_version, iso_week, is_deleted FROM {db}.incidents
UNION ALL SELECT report_id, '', 65535, version, '', 1 FROM {db}.report_versions WHERE version > 1
"""


def set_aside(warehouse: Warehouse) -> None:
    """Before the schema: rename an incidents table of an older shape out of the way."""
    engine = warehouse.query(_ENGINE, {"db": warehouse.database, "name": "incidents"})
    if engine and "PARTITION BY cityHash64(tenant)" not in engine[0][0]:
        # A view that keeps a log from a table's inserts stops firing once that table is renamed: the
        # schema makes it again, on the new table.
        warehouse.command("DROP VIEW IF EXISTS {db}.report_rows_kept")
        warehouse.command(f"RENAME TABLE {{db}}.incidents TO {{db}}.{ASIDE}")
    for table, shape in (("alerts", "ReplacingMergeTree(version)"), ("place_outlook", "category_group")):
        engine = warehouse.query(_ENGINE, {"db": warehouse.database, "name": table})
        if engine and shape not in engine[0][0]:
            warehouse.command(f"DROP TABLE {{db}}.{table}")


def move_over(warehouse: Warehouse) -> None:
    """After the schema: copy the rows set aside into the new table, then drop the old one."""
    names = [n for (n,) in warehouse.query(_COLUMNS, {"db": warehouse.database, "name": ASIDE})]
    if not names:
        return
    warehouse.command(_COPY.replace("COLUMNS", ", ".join(f"`{n}`" for n in names)))
    warehouse.command(f"DROP TABLE {{db}}.{ASIDE}")


def begin_log(warehouse: Warehouse) -> None:
    """After the schema, on a single server or a cluster: the log of report rows of a store made before
    it begins with the rows and versions the store holds."""
    held = any(warehouse.query(_ANY.format(table=table)) for table in ("incidents", "report_versions"))
    if held and not warehouse.query(_ANY.format(table="report_rows")):
        warehouse.command(_LOG)
