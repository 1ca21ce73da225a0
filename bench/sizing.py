"""What one incident costs in storage: bytes on each Kafka topic it passes (as the platform encodes it),
on disk in ClickHouse (compressed, merged), and in the SQL store (SQLite) while its outbox record waits
and once it is published, for docs/sizing.md.

    python bench/sizing.py [--incidents 1000000] [--reports 10000]
"""

from __future__ import annotations

import argparse
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import scratch, table
from bench.warehouse import fill
from bench.warehouse_sink import context
from embrace.codec import encode
from embrace.contracts import Incident, IncidentReport, Instant, Location
from embrace.contracts.fields import GeoPoint
from embrace.sqlstore import SqlStore
from embrace.sqlstore.outbox import next_batch, remove_sent
from embrace.warehouse import Warehouse
from services.enrich.enrichment import enrich_reports
from services.ingest.acceptance import accept_new
from tests.support.partner_store import partner_key, principal_of

PARTS = """
SELECT sum(rows), sum(bytes_on_disk), sum(data_uncompressed_bytes) FROM system.parts
WHERE database = {db:String} AND table = 'incidents' AND active
"""


def report(incidents: int) -> IncidentReport:
    now = datetime.now(UTC)
    return IncidentReport(
        event_id=uuid.uuid4(), tenant="0180", organisation="kommunen", source="municipality",
        channel="api", occurred=now, published=now,
        incidents=[Incident(category="graffiti", time=Instant(at=now - timedelta(days=2, minutes=n)),
                            location=Location(point=GeoPoint(lat=59.33, lon=18.06), area_id="centrum"),
                            description="Klotter på busskuren vid torget.")
                   for n in range(incidents)],
    )  # fmt: skip


def on_kafka(incidents: int) -> dict[str, float]:
    """Bytes per incident of each topic's message, for a report of ``incidents``."""
    raw = report(incidents)
    [made] = enrich_reports([raw], context())
    assert isinstance(made, list), made
    sizes: dict[str, float] = {"incident-reports": len(encode(raw)) / incidents}
    for emitted in made:
        sizes[emitted.topic.name.split(".")[1]] = len(encode(emitted.value)) / incidents
    return sizes


def in_clickhouse(count: int) -> tuple[float, float]:
    """Compressed and uncompressed bytes per incident row, merged as background merges leave it."""
    warehouse = Warehouse.connect(f"chdb://{scratch('sizing')}", "bench")
    try:
        warehouse.migrate()
        fill(warehouse, count)
        warehouse.command("OPTIMIZE TABLE {db}.incidents FINAL")
        [(rows, disk, raw)] = warehouse.query(PARTS, {"db": warehouse.database})
        return disk / rows, raw / rows
    finally:
        warehouse.close()


def in_sql_store(reports: int, per_report: int) -> tuple[float, float]:
    """Bytes per incident of a SQLite store holding ``reports`` reports: while their outbox records wait,
    and once the relay has published them (and removed them), each after a VACUUM."""
    home = scratch("sizing-sql")
    key = partner_key(home)
    sql_store = SqlStore.connect(f"sqlite:///{home / 'embrace.sqlite3'}")
    try:
        principal = principal_of(sql_store, key)
        for start in range(0, reports, 1000):
            with sql_store.session() as session:
                accept_new(
                    session, principal, [report(per_report) for _ in range(min(1000, reports - start))]
                )
        waiting = _vacuumed_bytes(sql_store, home)
        while True:
            with sql_store.session() as session:
                if not (batch := next_batch(session, 2000)):
                    break
                remove_sent(session, [m.id for m in batch])
        return waiting / (reports * per_report), _vacuumed_bytes(sql_store, home) / (reports * per_report)
    finally:
        sql_store.close()


def _vacuumed_bytes(sql_store: SqlStore, home: Path) -> int:
    with sql_store.engine.connect() as connection:
        connection.exec_driver_sql("VACUUM")
    return (home / "embrace.sqlite3").stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=10_000)
    args = parser.parse_args()
    rows: list[tuple[str, Any]] = []
    for per_report in (1, 10):
        for topic, size in on_kafka(per_report).items():
            rows.append((f"Kafka {topic}, reports of {per_report}", f"{size:,.0f} bytes per incident"))
    disk, raw = in_clickhouse(args.incidents)
    rows.append((f"ClickHouse incidents, {args.incidents:,} rows merged",
                 f"{disk:,.1f} bytes per incident on disk ({raw:,.0f} uncompressed)"))  # fmt: skip
    for per_report in (1, 10):
        waiting, published = in_sql_store(args.reports, per_report)
        rows.append((f"SQL store (SQLite), {args.reports:,} reports of {per_report}",
                     f"{waiting:,.0f} bytes per incident waiting, {published:,.0f} published"))  # fmt: skip
    print(table(rows))


if __name__ == "__main__":
    main()
