"""A system with the municipalities whose police notices the import tests check, and how they import
files into it and count what it holds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

from embrace.settings import Settings
from embrace.sqlstore.boundaries import place_names, save_boundaries
from embrace.sqlstore.registry import add_tenant
from services.cli.geo_commands import read_names
from services.ingest.imports.police_import import Scope, import_police, tenants_scope
from services.ingest.imports.police_notices import read_files
from services.ingest.imports.records import ImportSummary
from tests.support.system import System, embedded_system

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Large and small, and two that a corrected notice moves between (Eslöv to Hörby, 3 March).
CHECKED = {
    "0180": "Stockholm",
    "1480": "Göteborg",
    "1280": "Malmö",
    "0380": "Uppsala",
    "1960": "Kungsör",
    "1285": "Eslöv",
    "1266": "Hörby",
}


@contextmanager
def checked_system(settings: Settings, data_dir: Path) -> Iterator[System]:
    """The embedded system with every municipality's name and the checked ones as tenants."""
    with embedded_system(settings) as assembled:
        with assembled.sql_store.session() as session:
            save_boundaries(session, read_names(data_dir / "geo" / "swedish_admin_areas.csv"))
            for code, name in CHECKED.items():
                add_tenant(session, code, name)
        yield assembled


def run_import(system: System, *files: Path, everything: bool = False) -> ImportSummary:
    with system.sql_store.session() as session:
        names = place_names(session)
        scope = Scope(frozenset(), frozenset(), everything=True) if everything else tenants_scope(session)
    summary = import_police(system.sql_store, read_files(list(files)), names, scope, STOCKHOLM)
    system.relay.drain()
    return summary


def stored_counts(system: System) -> Counter[tuple[str, str]]:
    rows = system.warehouse.query(
        "SELECT tenant, iso_week, count() FROM {db}.current_incidents "
        "WHERE source = 'police_events' AND NOT is_summary GROUP BY tenant, iso_week"
    )
    return Counter({(tenant, week): count for tenant, week, count in rows})
