"""The 18-month police history as the benches measure it: imported end to end into an embedded system of
their own (every municipality kept), then read back as weekly counts."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from bench.measure import scratch
from embrace.settings import load_settings
from embrace.sqlstore.boundaries import place_names, save_boundaries
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from embrace.weeks import shift
from services.cli.delivery import Delivery
from services.cli.geo_commands import read_names
from services.cli.stores import open_sql_store, open_warehouse
from services.ingest.imports.police_import import Scope, import_police
from services.ingest.imports.police_notices import read_files

HISTORY = "history-2024-07_2025-12.jsonl"
# Whole weeks only: 2024-07-01 to 2025-12-28. The history's last three days (29 to 31 December) begin a
# week it does not finish, and a week of three days would be scored as a week of low counts.
FIRST, WEEKS = "2024-W27", 78
COUNTS = """
SELECT tenant, {by:Identifier}, iso_week, count() FROM {db}.current_incidents
WHERE NOT is_summary AND location_precision = 'municipality' GROUP BY ALL
"""


@contextmanager
def imported(data: Path) -> Iterator[Warehouse]:
    """The history imported as ``embrace import police --all`` does, into a scratch home."""
    settings = load_settings(home=scratch("evidence"))
    sql_store = open_sql_store(settings)
    with sql_store.session() as session:
        save_boundaries(session, read_names(data / "geo" / "swedish_admin_areas.csv"))
        names = place_names(session)
    notices = read_files([data / "polisen" / HISTORY])
    import_police(sql_store, notices, names, Scope(frozenset(), frozenset(), everything=True),
                  ZoneInfo(settings.timezone))  # fmt: skip
    delivery = Delivery(settings, sql_store, Taxonomy.load(), say=lambda _: None)
    delivery.publish()
    delivery.close()
    sql_store.close()
    warehouse = open_warehouse(settings)
    try:
        yield warehouse
    finally:
        warehouse.close()


def weeks() -> list[str]:
    return [shift(FIRST, n) for n in range(WEEKS)]


def weekly(warehouse: Warehouse, by: str = "category") -> dict[tuple[str, str], np.ndarray]:
    """Weekly counts per municipality and ``by`` (category or category_group), every week of the history."""
    index = {w: n for n, w in enumerate(weeks())}
    series: dict[tuple[str, str], np.ndarray] = defaultdict(lambda: np.zeros(WEEKS))
    for tenant, key, week, n in warehouse.query(COUNTS, {"by": by}):
        if week in index:
            series[(tenant, key)][index[week]] = n
    return dict(series)


def counties(data: Path) -> dict[str, str]:
    """Each municipality's county code."""
    with (data / "geo" / "swedish_admin_areas.csv").open(encoding="utf-8") as file:
        return {row["municipality_code"]: row["county_code"] for row in csv.DictReader(file)}
