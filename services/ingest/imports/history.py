"""Back-filling a municipality's own history, or a police report export, from CSV with a mapping file.

The mapping (TOML) says which column is which and how categories or crime codes map to the taxonomy.
Each good row becomes a one-incident report; bad rows are reported with their line and reason; a row
seen before is not published again, and one with a stable id that changed becomes a new version.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from embrace.contracts import IncidentReport
from embrace.sqlstore import SqlStore
from embrace.sqlstore.credentials import Principal
from embrace.taxonomy import Taxonomy
from embrace.validation import Places, Policy, check_report
from services.ingest.acceptance import store_reports
from services.ingest.imports.history_mapping import ColumnMapping
from services.ingest.imports.history_rows import Row, read_rows
from services.ingest.imports.records import ImportSummary, RecordBook
from services.ingest.submissions import prepare

HISTORY = uuid.UUID("6f1d2b8e-93a4-4c1e-8a3f-2d7e5b9c0a14")


def history_report(row: Row, principal: Principal, version: int, now: datetime) -> IncidentReport:
    """A one-incident report whose id follows from the row's identity, so a re-import finds it again."""
    return IncidentReport(
        event_id=uuid.uuid5(HISTORY, f"{principal.tenant}/{principal.organisation}/{row.key}"),
        version=version,
        tenant=principal.tenant,
        organisation=principal.organisation,
        source=principal.source,
        channel="import",
        occurred=now,
        published=now,
        incidents=[row.incident],
    )


def import_history(
    sql_store: SqlStore,
    path: Path,
    mapping: ColumnMapping,
    principal: Principal,
    checks: Checks,
) -> ImportSummary:
    """Import every good row of ``path``; report the bad ones by line. Re-running changes nothing."""
    summary = ImportSummary()
    source = f"incidents/{principal.tenant}/{principal.organisation}"
    now = datetime.now(UTC)
    reports: list[IncidentReport] = []
    rows = list(read_rows(path, mapping, checks.zone))
    with sql_store.session() as session:
        book = RecordBook(session, source, [r.key for r in rows if isinstance(r, Row)])
        for item in rows:
            if isinstance(item, tuple):
                summary.reject(f"{path}:{item[0]}", item[1])
                continue
            draft = history_report(item, principal, 1, now)
            problems = check_report(draft, checks.taxonomy, checks.policy, checks.places)
            if problems:
                summary.reject(f"{path}:{item.line}", "; ".join(p.detail for p in problems))
                continue
            change = book.change(item.key, item.incident.model_dump_json(), now, str(draft.event_id))
            summary.count(change.outcome)
            if change.outcome in ("new", "updated"):
                reports.append(
                    prepare(draft.model_copy(update={"version": change.version}), checks.places).report
                )
        book.write()
        store_reports(session, principal, reports)
    return summary


@dataclass(frozen=True)
class Checks:
    """The rules an import applies, as ingest does, without the age limit: history is old by nature."""

    taxonomy: Taxonomy
    places: Places
    zone: ZoneInfo
    policy: Policy = field(default_factory=lambda: Policy(max_age=None))
