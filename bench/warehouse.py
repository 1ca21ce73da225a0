"""The warehouse at regional scale on chDB: what people ask of it, now and with the join it had before,
every answer checked against a recomputation from the raw rows, and the sink against a bare insert.

    python bench/warehouse.py [--incidents 10000000] [--runs 15]

Synthetic incidents of 290 tenants over three years are made inside ClickHouse (a report of one
incident each); 1% of the reports are corrected (a second version in another category) and 1%
withdrawn, written as the aggregate worker writes them: the row a version replaces is written again,
deleted, under the new version. The report versions are written too, so the view of before (the latest
version of each report by a join on them) can answer the same questions on the same data.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import percentile, scratch, table
from bench.warehouse_sink import sink_rows
from embrace.warehouse import Warehouse
from services.aggregate.rollups import Rollups

TENANT, WEEK = "0180", "2025-W10"
MAKE = """
INSERT INTO {db}.incidents (tenant, report_id, report_version, incident_index, event_id, organisation,
    source, channel, category, category_group, time_start, time_end, time_precision, local_date, iso_week,
    weekday, hour, part_of_day, month, quarter, lat, lon, location_precision, area_id, area_ids,
    municipality_code, county_code, h3_r7, h3_r9, occurred, published)
SELECT tenant, reinterpretAsUUID(sipHash128(number)), 1, 0, reinterpretAsUUID(sipHash128(number, 1)),
    concat('org', toString(cityHash64(number, 5) % 5)), ['municipality', 'police_events', 'housing'][1 + cityHash64(number, 4) % 3],
    'api', category, if(category IN ('theft', 'vandalism'), 'crime', 'insecurity'), at, at, 'instant',
    toDate(at, 'Europe/Stockholm'), formatDateTime(at, '%G-W%V', 'Europe/Stockholm'),
    toDayOfWeek(at, 0, 'Europe/Stockholm'), toHour(toTimeZone(at, 'Europe/Stockholm')),
    ['night', 'morning', 'afternoon', 'evening'][intDiv(toHour(toTimeZone(at, 'Europe/Stockholm')), 6) + 1],
    toMonth(toDate(at, 'Europe/Stockholm')),
    concat(toString(toYear(toDate(at, 'Europe/Stockholm'))), '-Q', toString(toQuarter(toDate(at, 'Europe/Stockholm')))),
    lat, lon, 'point', area, [area], tenant, substring(tenant, 1, 2), geoToH3(lat, lon, 7), geoToH3(lat, lon, 9),
    at + toIntervalDay(3), at + toIntervalDay(3)
FROM (
    SELECT number, 1 + cityHash64(number, 2) % length({tenants:Array(String)}) AS place,
        {tenants:Array(String)}[place] AS tenant,
        toDateTime64(1704067200 + cityHash64(number, 1) % 94608000, 3, 'UTC') AS at,
        ['littering', 'graffiti', 'vandalism', 'disturbing_groups', 'dark_place', 'theft'][1 + cityHash64(number, 3) % 6] AS category,
        {south}[place] + (cityHash64(number, 6) % 1000000) / 1e6 * ({north}[place] - {south}[place]) AS lat,
        {west}[place] + (cityHash64(number, 7) % 1000000) / 1e6 * ({east}[place] - {west}[place]) AS lon,
        concat('a', toString(cityHash64(number, 8) % 7)) AS area
    FROM numbers({count:UInt64})
)
"""  # noqa: E501 - SQL reads better unwrapped
CORRECT = """
INSERT INTO {db}.incidents
SELECT * REPLACE (2 AS report_version, 'theft' AS category, 'crime' AS category_group)
FROM {db}.incidents WHERE cityHash64(report_id) % 100 = 0
"""
WITHDRAW = """
INSERT INTO {db}.incidents SELECT * REPLACE (2 AS report_version, 1 AS is_deleted)
FROM {db}.incidents WHERE cityHash64(report_id) % 100 = 1
"""
VERSIONS = """
INSERT INTO {db}.report_versions
    (tenant, report_id, version, retracted, incident_count, organisation, source, occurred, published)
SELECT tenant, report_id, report_version, is_deleted, 1, organisation, source, occurred, published
FROM {db}.incidents
"""
BEFORE = """
CREATE OR REPLACE VIEW {db}.before_current AS SELECT i.* EXCEPT (is_deleted) FROM {db}.incidents AS i FINAL
WHERE (i.report_id, i.report_version) IN (SELECT report_id, version FROM {db}.report_versions FINAL WHERE NOT retracted)
"""  # noqa: E501
# The rows as they stand, recomputed without FINAL: the highest version of each row, unless deleted.
RAW = """(SELECT * FROM (
    SELECT *, max(report_version) OVER (PARTITION BY tenant, report_id, incident_index) AS latest
    FROM {db}.incidents) WHERE report_version = latest AND NOT is_deleted)"""
QUERIES = {
    "one tenant's week, by category, group and source (the weekly API)":
        "SELECT category, category_group, source, count() FROM {view} WHERE tenant = '0180' "
        "AND iso_week = '2025-W10' AND NOT is_summary GROUP BY ALL ORDER BY ALL",
    "one tenant's five weeks (the situation report)":
        "SELECT iso_week, category, count() FROM {view} WHERE tenant = '0180' AND iso_week IN "
        "('2025-W06', '2025-W07', '2025-W08', '2025-W09', '2025-W10') GROUP BY ALL ORDER BY ALL",
    "hour x weekday of one tenant over a year":
        "SELECT weekday, hour, count() FROM {view} WHERE tenant = '0180' AND local_date BETWEEN "
        "'2025-01-01' AND '2025-12-31' GROUP BY ALL ORDER BY ALL",
    "H3 cells of one tenant's quarter":
        "SELECT h3_r7, count() FROM {view} WHERE tenant = '0180' AND quarter = '2025-Q2' AND h3_r7 != 0 "
        "GROUP BY ALL ORDER BY ALL",
    "regional hour x weekday of a year":
        "SELECT weekday, hour, count() FROM {view} WHERE local_date BETWEEN '2025-01-01' AND '2025-12-31' "
        "GROUP BY ALL ORDER BY ALL",
    "regional H3 cells of a quarter":
        "SELECT h3_r7, count() FROM {view} WHERE quarter = '2025-Q2' AND h3_r7 != 0 "
        "GROUP BY ALL ORDER BY ALL",
    "the regional series of a year: every tenant x week":
        "SELECT tenant, iso_week, count() FROM {view} WHERE local_date BETWEEN '2025-01-01' AND '2025-12-31' "
        "GROUP BY ALL ORDER BY ALL",
}  # fmt: skip


SWEDEN = (55.5, 68.5, 11.5, 23.5)  # south, north, west, east


def fill(warehouse: Warehouse, count: int, boxes: dict[str, tuple[float, float, float, float]] | None = None,
         ) -> float:  # fmt: skip
    """``count`` incidents over three years, spread evenly over the tenants, each tenant's inside its box
    (by default 290 invented tenants anywhere in Sweden)."""
    boxes = boxes or {f"{n:04d}": SWEDEN for n in range(100, 390)}
    started = time.perf_counter()
    sql = MAKE.replace("{count:UInt64}", str(count)).replace(
        "{tenants:Array(String)}", "[" + ", ".join(f"'{t}'" for t in boxes) + "]")  # fmt: skip
    for n, side in enumerate(("south", "north", "west", "east")):
        sql = sql.replace("{" + side + "}", "[" + ", ".join(str(box[n]) for box in boxes.values()) + "]")
    warehouse.command(sql)
    for statement in (CORRECT, WITHDRAW, VERSIONS, BEFORE):
        warehouse.command(statement)
    return time.perf_counter() - started


def measure(warehouse: Warehouse, sql: str, runs: int) -> str:
    """Latency as written and once merged, and before (the join); whether they and a recomputation agree."""
    now, answer = timed(lambda: warehouse.query(sql.replace("{view}", "{db}.current_incidents")), runs)
    before, old = timed(lambda: warehouse.query(sql.replace("{view}", "{db}.before_current")), 3)
    raw = warehouse.query(sql.replace("{view}", RAW))
    right = "right" if answer == old == raw else "WRONG: the answers differ"
    return (f"p50 {percentile(now, 0.5):,.0f} / p95 {percentile(now, 0.95):,.0f} ms; before "
            f"{percentile(before, 0.5):,.0f} ms; {len(answer)} rows, {right}")  # fmt: skip


# Reads that span every tenant or a long time, from their rollup and counted afresh from the incidents.
ROLLED = {
    "the regional series of a year (weekly_counts)": (
        "SELECT tenant, iso_week, sum(incidents) AS n FROM {db}.weekly_counts FINAL",
        "SELECT tenant, iso_week, count() AS n FROM {db}.current_incidents",
        "WHERE iso_week BETWEEN '2025-W01' AND '2025-W52' GROUP BY ALL HAVING n > 0 ORDER BY ALL"),
}  # fmt: skip


def from_rollup(warehouse: Warehouse, rolled: str, counted: str, rest: str, runs: int) -> str:
    """A read from its rollup, and whether it equals a fresh count from the incidents."""
    now, answer = timed(lambda: warehouse.query(f"{rolled} {rest}"), runs)
    fresh, recount = timed(lambda: warehouse.query(f"{counted} {rest}"), 3)
    right = "right" if answer == recount else "WRONG: the rollup differs from a count"
    return (f"p50 {percentile(now, 0.5):,.0f} / p95 {percentile(now, 0.95):,.0f} ms; counted afresh "
            f"{percentile(fresh, 0.5):,.0f} ms; {len(answer)} rows, {right}")  # fmt: skip


def merged(warehouse: Warehouse, sql: str, runs: int) -> str:
    now, _ = timed(lambda: warehouse.query(sql.replace("{view}", "{db}.current_incidents")), runs)
    return f"p50 {percentile(now, 0.5):,.0f} / p95 {percentile(now, 0.95):,.0f} ms"


def parts(warehouse: Warehouse) -> int:
    sql = "SELECT count() FROM system.parts WHERE database = {db:String} AND table = 'incidents' AND active"
    return int(warehouse.query(sql, {"db": warehouse.database})[0][0])


def timed(run: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    seconds, answer = [], None
    for _ in range(runs):
        started = time.perf_counter()
        answer = run()
        seconds.append((time.perf_counter() - started) * 1000)
    return seconds, answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    warehouse = Warehouse.connect(f"chdb://{scratch('warehouse')}", "bench")
    try:
        warehouse.migrate()
        made = fill(warehouse, args.incidents)
        rows = [("incidents", f"{args.incidents:,} made in {made:.0f} s (1% corrected, 1% withdrawn)")]
        rows.append((f"as written: {parts(warehouse)} parts", ""))
        rows += [(f"  {name}", measure(warehouse, sql, args.runs)) for name, sql in QUERIES.items()]
        started = time.perf_counter()
        warehouse.command("OPTIMIZE TABLE {db}.incidents FINAL")
        rows.append((f"merged ({time.perf_counter() - started:.0f} s): {parts(warehouse)} parts", ""))
        rows += [(f"  {name}", merged(warehouse, sql, args.runs)) for name, sql in QUERIES.items()]
        started = time.perf_counter()
        Rollups(warehouse).rebuild()
        rows.append((f"rollups built ({time.perf_counter() - started:.0f} s)", ""))
        rows += [(f"  {name}", from_rollup(warehouse, *sql, args.runs)) for name, sql in ROLLED.items()]
        rows += sink_rows(warehouse)
        print(table(rows))
    finally:
        warehouse.close()


if __name__ == "__main__":
    main()
