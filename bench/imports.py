"""Importing the 4-month police history end to end in the embedded run, beside parsing it alone.

    python bench/imports.py [--history ../shared/data/polisen/history-2025-03_06.jsonl]

End to end: read and parse every line, version each notice in the SQL store with its outbox record,
then publish through the in-process pipeline (enrich, then the ClickHouse sinks). The reference reads
and parses the same file (JSON, then the notice model) and does nothing else.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import scratch, table
from embrace.settings import load_settings
from embrace.sqlstore.boundaries import place_names, save_boundaries
from embrace.taxonomy import Taxonomy
from services.cli.delivery import Delivery
from services.cli.geo_commands import read_names
from services.cli.stores import open_sql_store
from services.ingest.imports.police_import import Scope, import_police
from services.ingest.imports.police_notices import Observation, Unreadable, parse, read_files


def parse_alone(history: Path) -> tuple[float, int]:
    started = time.perf_counter()
    parsed = sum(
        1
        for item in read_files([history])
        if isinstance(item, Observation) and not isinstance(parse(item), Unreadable)
    )
    return time.perf_counter() - started, parsed


def end_to_end(history: Path, names_csv: Path) -> tuple[float, float, int]:
    settings = load_settings(home=scratch("imports"))
    sql_store = open_sql_store(settings)
    with sql_store.session() as session:
        save_boundaries(session, read_names(names_csv))
        names = place_names(session)
    delivery = Delivery(settings, sql_store, Taxonomy.load(), say=lambda _: None)
    try:
        started = time.perf_counter()
        summary = import_police(
            sql_store,
            read_files([history]),
            names,
            Scope(frozenset(), frozenset(), everything=True),
            ZoneInfo(settings.timezone),
        )
        imported = time.perf_counter()
        delivery.publish()
        finished = time.perf_counter()
    finally:
        delivery.close()
        sql_store.close()
    return imported - started, finished - imported, sum(summary.counts.values())


def main() -> None:
    default = load_settings().data_dir
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--history", type=Path, default=default / "polisen" / "history-2025-03_06.jsonl")
    parser.add_argument("--names", type=Path, default=default / "geo" / "swedish_admin_areas.csv")
    args = parser.parse_args()
    parse_seconds, parsed = parse_alone(args.history)
    import_seconds, publish_seconds, lines = end_to_end(args.history, args.names)
    total = import_seconds + publish_seconds
    print(
        table(
            [
                ("lines (notice versions)", f"{lines:,}"),
                ("end to end: import, enrich, ClickHouse", f"{lines / total:,.0f} events/s  ({total:.1f} s)"),
                ("  of which versioning + outbox", f"{import_seconds:.1f} s"),
                ("  of which pipeline to ClickHouse", f"{publish_seconds:.1f} s"),
                (
                    "parse alone (reference)",
                    f"{parsed / parse_seconds:,.0f} events/s  ({parse_seconds:.1f} s)",
                ),
                ("ratio end to end / parse alone", f"{(lines / total) / (parsed / parse_seconds):.3f}"),
            ]
        )
    )


if __name__ == "__main__":
    main()
