"""The incidents as they stand now, kept so by their writer: reading them needs no join.

The rule: a version of a report replaces every live row of that report it does not contain itself. A
correction with fewer incidents, one that moves the report to another tenant or municipality, a police
notice corrected out of every municipality, a withdrawal: the rows replaced are written again, deleted,
under the new version. ``ReplacingMergeTree(report_version, is_deleted)`` keeps the highest version of
each row and FINAL leaves the deleted out. A version older than one already known arrived late: its
rows are written deleted, so they can neither count nor come back.

Both sinks keep the rule, the one of enriched reports (the rows) and the one of report versions
(withdrawals, and versions without incidents), whichever comes first, under one lock. The topics are
keyed by report and co-partitioned, so one report's messages reach one worker: a lock in the process is
enough.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from embrace.contracts import EnrichedReport, ReportVersion
from embrace.warehouse import Warehouse
from services.aggregate.rollups import Rollups
from services.aggregate.seen import SeenReports
from services.aggregate.sinks import INCIDENTS, REPORT_VERSIONS

# Looked up without FINAL, which would merge the whole table on read, in the writer's log of the rows
# and versions written (report_rows, schema.sql): a report's rows are few, and the latest of each is
# picked here as ReplacingMergeTree would (the highest version).
REPORT_KEYS = """
SELECT tenant, report_id, incident_index, report_version, iso_week, is_deleted
FROM {db}.report_rows WHERE report_id IN {ids:Array(UUID)}
"""


class RowKey(NamedTuple):
    tenant: str
    report_id: uuid.UUID
    incident: int
    version: int
    week: str  # the ISO week the row counts in, whose rollups a replacement changes


class Doomed(NamedTuple):
    key: RowKey
    by: int  # the version that replaces the row


class CurrentIncidents:
    def __init__(self, warehouse: Warehouse) -> None:
        self._warehouse = warehouse
        self._lock = threading.Lock()
        self._columns = tuple(INCIDENTS.columns)
        self._tenant, self._week = self._columns.index("tenant"), self._columns.index("iso_week")
        self._deleted_at = self._columns.index("is_deleted")
        self._blank: dict[str, Any] | None = None  # what a deleted copy holds beyond its key
        self._rollups = Rollups(warehouse)
        self.seen = SeenReports(warehouse)  # forget it when given partitions: others wrote theirs

    def write_reports(self, reports: Sequence[EnrichedReport]) -> None:
        """The rows of enriched report versions, and the deletion of the rows each replaces."""
        with self._lock:
            # A first version of a report the warehouse cannot hold has nothing to look up (seen.py).
            looked = {r.report_id for r in reports if r.report_version > 1}
            looked |= self.seen.may_hold({r.report_id for r in reports} - looked)
            self.seen.add(r.report_id for r in reports)
            live, known = self._lookup(looked)
            newest = _newest((r.report_id, r.report_version) for r in reports)
            rows: list[tuple[Any, ...]] = []
            doomed: list[Doomed] = []
            for report in reports:
                # A withdrawal is a version of its own, without incidents: any rows older than it are late.
                late = report.report_version < max(newest[report.report_id], known.get(report.report_id, 0))
                made = INCIDENTS.rows(report.incidents)
                rows += [self._as_deleted(row) for row in made] if late else made
                if not late:
                    keep = {(i.tenant, i.incident_index) for i in report.incidents}
                    doomed += _replaced(live.get(report.report_id, ()), report.report_version, keep)
            self._write(rows + self._deleted(doomed))

    def write_versions(self, versions: Sequence[ReportVersion]) -> None:
        """Report versions, and the deletion of the rows a version without them replaces."""
        with self._lock:
            self.seen.add(v.report_id for v in versions if v.version > 1)
            self._warehouse.insert(REPORT_VERSIONS.table, tuple(REPORT_VERSIONS.columns),
                                   REPORT_VERSIONS.rows(versions))  # fmt: skip
            # Only a later version can replace rows: a first one has nothing older to delete.
            live, _ = self._lookup({v.report_id for v in versions if v.version > 1})
            newest = _newest((v.report_id, v.version) for v in versions)
            doomed: list[Doomed] = []
            for version in versions:
                if version.version < newest[version.report_id]:
                    continue
                count = 0 if version.retracted or version.tenant is None else version.incident_count
                keep = {(version.tenant or "", index) for index in range(count)}
                doomed += _replaced(live.get(version.report_id, ()), version.version, keep)
            self._write(self._deleted(doomed))

    def _as_deleted(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        at = self._deleted_at
        return (*row[:at], True, *row[at + 1 :])

    def _write(self, rows: list[tuple[Any, ...]]) -> None:
        """Insert the rows, then mark the weeks they were in and are in now for the rollups' recount."""
        self._warehouse.insert(INCIDENTS.table, self._columns, rows)
        self._rollups.mark((row[self._tenant], row[self._week]) for row in rows)

    def _deleted(self, doomed: Sequence[Doomed]) -> list[tuple[Any, ...]]:
        """The rows replaced, written again deleted under the version that replaced them. A deleted row
        never counts, so its copy keeps only what finds it (its key) and the week it leaves."""
        if not doomed:
            return []
        if self._blank is None:
            blank = self._warehouse.blank_row(INCIDENTS.table, self._columns)
            self._blank = dict(zip(self._columns, blank, strict=True))
        return [
            tuple({**self._blank, "tenant": key.tenant, "report_id": key.report_id,
                   "incident_index": key.incident, "report_version": by, "iso_week": key.week,
                   "is_deleted": True}.values())
            for key, by in doomed
        ]  # fmt: skip

    def _lookup(
        self, report_ids: set[uuid.UUID]
    ) -> tuple[dict[uuid.UUID, list[RowKey]], dict[uuid.UUID, int]]:
        """The live rows of these reports, by their keys (the latest of each, unless it is deleted), and
        the latest version of each the warehouse knows, with rows or without."""
        rows = self._warehouse.query(REPORT_KEYS, {"ids": sorted(report_ids)}) if report_ids else []
        latest: dict[tuple[str, uuid.UUID, int], tuple[int, bool, str]] = {}
        known: dict[uuid.UUID, int] = {}
        for tenant, report_id, incident, version, week, deleted in rows:
            known[report_id] = max(version, known.get(report_id, version))
            held = latest.get((tenant, report_id, incident))
            if held is None or (version, deleted) >= held[:2]:
                latest[(tenant, report_id, incident)] = (version, bool(deleted), week)
        live: dict[uuid.UUID, list[RowKey]] = {}
        for (tenant, report_id, incident), (version, deleted, week) in latest.items():
            if not deleted:
                live.setdefault(report_id, []).append(RowKey(tenant, report_id, incident, version, week))
        return live, known


def _replaced(live: Iterable[RowKey], version: int, keep: set[tuple[str, int]]) -> list[Doomed]:
    """The live rows of older versions that a version does not contain."""
    return [
        Doomed(key, version)
        for key in live
        if key.version < version and (key.tenant, key.incident) not in keep
    ]


def _newest(versions: Iterable[tuple[uuid.UUID, int]]) -> dict[uuid.UUID, int]:
    newest: dict[uuid.UUID, int] = {}
    for report_id, version in versions:
        newest[report_id] = max(version, newest.get(report_id, version))
    return newest
