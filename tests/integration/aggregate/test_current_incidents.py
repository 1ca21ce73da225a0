"""Incidents as they stand now, kept by the writer on the real engine (chDB): whatever order the two
sinks see a report's versions in, and however often, what is counted is the latest version, once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from embrace.contracts import ReportVersion
from embrace.warehouse import Warehouse
from services.enrich.enrichment import EnrichContext
from services.reporting.stats.weekly import weekly_stats
from tests.support.builders import incident, report
from tests.support.enriching import enriched_and_versions as made
from tests.support.rollups import Ticking, rollup_and_recount

WEEK = "2026-W05"


def counts(warehouse: Warehouse, *tenants: str) -> list[int]:
    return [weekly_stats(warehouse, tenant, WEEK).incidents for tenant in tenants]


def test_a_report_moved_to_another_tenant_counts_only_there(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    current = Ticking(warehouse)
    first = report(incident("graffiti"), incident("littering"), tenant="0180")
    moved = report(incident("graffiti"), report_id=first.event_id, version=2, tenant="0114")
    for version in (first, moved):
        rows, versions = made(version, enrich_context)
        current.write_reports(rows)
        current.write_versions(versions)
    assert counts(warehouse, "0180", "0114") == [0, 1]
    # A replaced row is written again deleted with its key and the week it leaves, and nothing it said.
    deleted = "SELECT tenant, incident_index, report_version, iso_week, category FROM {db}.incidents"
    assert sorted(warehouse.query(f"{deleted} WHERE is_deleted")) == [
        ("0180", 0, 2, WEEK, ""),
        ("0180", 1, 2, WEEK, ""),
    ]


def test_a_withdrawal_seen_before_the_incidents_it_withdraws_still_withdraws_them(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    current = Ticking(warehouse)
    first = report(incident("graffiti"), incident("littering"))
    rows, versions = made(first, enrich_context)
    _, withdrawal = made(report(report_id=first.event_id, version=2, retracted=True), enrich_context)
    current.write_versions(versions + withdrawal)  # the versions' sink ran ahead of the incidents' sink
    current.write_reports(rows)
    assert counts(warehouse, "9999") == [0]


def test_a_version_announced_before_its_incidents_leaves_only_its_own(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    current = Ticking(warehouse)
    first = report(incident("graffiti"), incident("littering"), incident("vandalism"))
    second = report(incident("theft"), report_id=first.event_id, version=2)
    rows_1, versions_1 = made(first, enrich_context)
    rows_2, versions_2 = made(second, enrich_context)
    current.write_reports(rows_1)
    current.write_versions(versions_1 + versions_2)
    assert weekly_stats(warehouse, "9999", WEEK).by_category == {"graffiti": 1}  # not yet replaced
    current.write_reports(rows_2)
    assert weekly_stats(warehouse, "9999", WEEK).by_category == {"theft": 1}
    kept, recounted = rollup_and_recount(warehouse)
    assert kept == recounted
    assert [(row[2], row[-1]) for row in kept] == [("theft", 1)]


def test_a_redelivered_batch_and_a_late_old_version_change_nothing(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    current = Ticking(warehouse)
    first = report(incident("graffiti"), incident("littering"), incident("vandalism"), tenant="0180")
    second = report(incident("theft"), report_id=first.event_id, version=2, tenant="0114")
    rows_1, versions_1 = made(first, enrich_context)
    rows_2, versions_2 = made(second, enrich_context)
    for _ in range(2):
        current.write_reports(rows_1 + rows_2)  # one batch holding both versions, delivered twice
        current.write_versions(versions_1 + versions_2)
    current.write_reports(rows_1)  # and the first version once more, late
    assert counts(warehouse, "0180", "0114") == [0, 1]
    assert warehouse.query("SELECT count() FROM {db}.incidents FINAL") == [(1,)]
    kept, recounted = rollup_and_recount(warehouse)
    assert kept == recounted
    assert [(row[0], row[-1]) for row in kept] == [("0114", 1)]


def test_a_notice_corrected_out_of_every_municipality_is_no_longer_counted(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    current = Ticking(warehouse)
    first = report(incident("theft"), tenant="0180")
    rows, versions = made(first, enrich_context)
    current.write_reports(rows)
    current.write_versions(versions)
    now = datetime.now(UTC)
    nowhere = ReportVersion(event_id=uuid.uuid4(), tenant=None, occurred=now, published=now,
                            report_id=first.event_id, version=2, retracted=False, incident_count=0,
                            organisation="polisen", source="police_events")  # fmt: skip
    current.write_versions([nowhere])
    assert counts(warehouse, "0180") == [0]
    assert rollup_and_recount(warehouse) == ([], [])


def test_a_store_made_before_the_deleted_flag_is_moved_over_and_counts_the_same(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    current = Ticking(warehouse)
    kept = report(incident("graffiti"), incident("littering"))
    corrected = report(incident("vandalism"), report_id=kept.event_id, version=2)
    withdrawn = report(incident("theft"))
    withdrawal = report(report_id=withdrawn.event_id, version=2, retracted=True)
    for version in (kept, corrected, withdrawn, withdrawal):
        rows, versions = made(version, enrich_context)
        current.write_reports(rows)
        current.write_versions(versions)
    before = weekly_stats(warehouse, "9999", WEEK)
    # The old shape: every version's rows, no flag, the engine without it.
    warehouse.command("CREATE TABLE {db}.old ENGINE = ReplacingMergeTree(report_version) "
                      "ORDER BY (tenant, report_id, incident_index) "
                      "AS SELECT * EXCEPT (is_deleted) FROM {db}.incidents WHERE NOT is_deleted")  # fmt: skip
    warehouse.command("DROP TABLE {db}.incidents")
    warehouse.command("RENAME TABLE {db}.old TO {db}.incidents")
    warehouse.command("TRUNCATE TABLE {db}.report_rows")  # nor had it the writer's log
    warehouse.migrate()
    assert weekly_stats(warehouse, "9999", WEEK) == before == weekly_stats(warehouse, "9999", WEEK)
    assert before.by_category == {"vandalism": 1}
    assert "is_deleted" in warehouse.query("SHOW CREATE TABLE {db}.incidents")[0][0]
    # The writer goes on where it left off: corrections after the move replace the rows before them.
    for number, categories in ((3, {"theft": 2}), (4, {"littering": 1})):
        written = [incident(category) for category, n in categories.items() for _ in range(n)]
        rows, versions = made(report(*written, report_id=kept.event_id, version=number), enrich_context)
        current.write_reports(rows)
        current.write_versions(versions)
        assert weekly_stats(warehouse, "9999", WEEK).by_category == categories


def test_a_store_made_before_the_writers_log_begins_it_with_the_rows_it_holds(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    first = report(incident("graffiti"), incident("graffiti"))
    Ticking(warehouse).write_reports(made(first, enrich_context)[0])
    warehouse.command("TRUNCATE TABLE {db}.report_rows")
    warehouse.migrate()
    current = Ticking(warehouse)  # a worker started after the move
    current.write_reports(
        made(report(incident("theft"), report_id=first.event_id, version=2), enrich_context)[0]
    )
    assert weekly_stats(warehouse, "9999", WEEK).by_category == {"theft": 1}


def test_what_people_wrote_expires_and_the_count_stays(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    warehouse.migrate(free_text_days=30)
    current, now = Ticking(warehouse), datetime.now(UTC)
    for age in (60, 5):  # days since the report
        written = incident("graffiti", description=f"Klotter, {age} dagar sedan")
        [rows], _ = made(report(written), enrich_context)
        aged = [i.model_copy(update={"occurred": now - timedelta(days=age)}) for i in rows.incidents]
        current.write_reports([rows.model_copy(update={"incidents": aged})])
    warehouse.command("OPTIMIZE TABLE {db}.incidents FINAL")  # TTL applies as parts merge
    kept = warehouse.query("SELECT description FROM {db}.current_incidents ORDER BY occurred")
    assert kept == [("",), ("Klotter, 5 dagar sedan",)]
