"""The incidents writer looks up only reports the warehouse may hold, on the real engine (chDB), and two
workers that hand partitions to each other still keep every count right."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from embrace.warehouse import Warehouse
from services.aggregate.current import REPORT_KEYS, CurrentIncidents
from services.aggregate.seen import SeenReports
from services.enrich.enrichment import EnrichContext
from services.reporting.stats.weekly import weekly_stats
from tests.support.builders import incident, report
from tests.support.enriching import enriched_and_versions as made

WEEK = "2026-W05"


@pytest.fixture
def lookups(warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch) -> list[list[uuid.UUID]]:
    """The report ids of every lookup the writer makes."""
    asked: list[list[uuid.UUID]] = []
    query = warehouse.query

    def recording(sql: str, parameters: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        if sql == REPORT_KEYS:
            asked.append(list((parameters or {})["ids"]))
        return query(sql, parameters)

    monkeypatch.setattr(warehouse, "query", recording)
    return asked


def test_a_new_report_is_written_without_a_lookup_and_its_correction_with_one(
    warehouse: Warehouse, enrich_context: EnrichContext, lookups: list[list[uuid.UUID]]
) -> None:
    current = CurrentIncidents(warehouse)
    first = report(incident("graffiti"), incident("littering"))
    rows, versions = made(first, enrich_context)
    current.write_versions(versions)
    current.write_reports(rows)
    assert lookups == []
    rows, versions = made(report(incident("theft"), report_id=first.event_id, version=2), enrich_context)
    current.write_reports(rows)
    assert lookups == [[first.event_id]]  # its rows and its latest version, in one
    current.write_reports(made(first, enrich_context)[0])  # the first version again, late
    assert lookups[1:] == [[first.event_id]]
    assert weekly_stats(warehouse, "9999", WEEK).by_category == {"theft": 1}


def test_read_from_the_warehouse_are_the_reports_with_rows_or_a_later_version(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    current = CurrentIncidents(warehouse)
    written, announced, corrected = (report(incident("graffiti")) for _ in range(3))
    current.write_reports(made(written, enrich_context)[0])
    current.write_versions(made(announced, enrich_context)[1])  # version 1, no rows yet: nothing to find
    later = report(incident("theft"), report_id=corrected.event_id, version=2)
    current.write_versions(made(later, enrich_context)[1])
    never = uuid.uuid4()
    ids = {written.event_id, announced.event_id, corrected.event_id, never}
    assert SeenReports(warehouse).may_hold(ids) == {written.event_id, corrected.event_id}


def test_a_worker_given_partitions_learns_what_the_worker_before_it_wrote(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    before, after = CurrentIncidents(warehouse), CurrentIncidents(warehouse)
    after.write_reports(made(report(incident("littering")), enrich_context)[0])  # it has read the store
    first = report(incident("graffiti"), incident("vandalism"))
    second = report(incident("theft"), report_id=first.event_id, version=2)
    rows, versions = made(second, enrich_context)  # published out of order: the correction first
    before.write_reports(rows)
    before.write_versions(versions)
    after.seen.forget()  # the partition moves: the faust runner calls this on every assignment
    after.write_reports(made(first, enrich_context)[0])  # the first version, late
    assert weekly_stats(warehouse, "9999", WEEK).by_category == {"littering": 1, "theft": 1}


def test_a_rebalance_while_the_fingerprints_are_read_makes_the_worker_read_them_again(
    warehouse: Warehouse, enrich_context: EnrichContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen, written = SeenReports(warehouse), report(incident("graffiti"))
    last_owner = CurrentIncidents(warehouse)
    last_owner.seen.may_hold([uuid.uuid4()])  # it read its fingerprints long ago
    columns, reads = warehouse.columns, list[int]()

    def read_while_another_worker_writes(sql: str, parameters: Any = None) -> Any:
        found = columns(sql, parameters)
        if not reads:  # the partition moves, and its last owner writes, after this read began
            last_owner.write_reports(made(written, enrich_context)[0])
            seen.forget()
        reads.append(len(found["high"]))
        return found

    monkeypatch.setattr(warehouse, "columns", read_while_another_worker_writes)
    assert seen.may_hold([written.event_id]) == {written.event_id}
    assert reads == [0, 1]
