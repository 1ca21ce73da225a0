"""The incidents sink against a bare insert of the same rows, on a warehouse ``bench/warehouse.py`` has
filled: new reports, corrections of stored ones, and corrections that move them to another tenant."""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import percentile
from embrace.bus.garbage_collector import settle_heap
from embrace.contracts import EnrichedReport
from embrace.geo.boundaries import Boundaries
from embrace.taxonomy import Taxonomy
from embrace.validation import Policy
from embrace.warehouse import Warehouse
from services.aggregate.current import CurrentIncidents
from services.aggregate.rollups import Rollups
from services.aggregate.seen import SeenReports
from services.aggregate.sinks import INCIDENTS
from services.enrich.enrichment import EnrichContext
from services.enrich.places import PlaceBook
from tests.support.builders import incident, report
from tests.support.enriching import facts_of

TENANT = "0180"


def sink_against_bare(
    warehouse: Warehouse, reports: int, corrected: int = 0, moving: bool = False
) -> tuple[float, float, float]:
    """Rows/s of the incidents sink (reports looked up where the warehouse may hold them, deletions
    written, the weeks touched marked), of a bare insert, by the median batch of each, and of the sink
    with the rollups' recount of its marks. ``corrected`` reports of each batch are second versions of
    reports already stored, which the sink must look up; ``moving`` ones move them to another tenant,
    whose old rows are then written again deleted. The bare insert gets as many reports of the same
    tenants, and each batch is made when it is written, as a worker decodes one batch at a time."""
    made = report(*(incident("graffiti") for _ in range(10)), tenant=TENANT)  # as in bench/pipeline.py
    template = EnrichedReport(event_id=uuid.uuid4(), tenant=TENANT, occurred=made.occurred,
                              published=made.published, report_id=made.event_id, report_version=1,
                              incidents=facts_of(made, context()))  # fmt: skip
    stored = stored_reports(warehouse, reports // 1000 * corrected)
    rows = len(template.incidents) * 1000  # a batch
    current, columns, rollups = CurrentIncidents(warehouse), tuple(INCIDENTS.columns), Rollups(warehouse)
    current.seen.may_hold([uuid.uuid4()])  # read the reports held, as a worker does once it starts
    sink: list[float] = []
    bare: list[float] = []
    recount = 0.0
    # Turn about, so that neither meets a fuller table than the other.
    for ours, theirs in batches(template, reports // 1000, stored, corrected, moving):
        started = time.perf_counter()
        current.write_reports(ours)
        sink.append(time.perf_counter() - started)
        started = time.perf_counter()
        rollups.refresh_pending()  # the tick, once a batch: as often as it would run at a batch a second
        recount += time.perf_counter() - started
        started = time.perf_counter()
        warehouse.insert("incidents", columns, INCIDENTS.rows([i for r in theirs for i in r.incidents]))
        bare.append(time.perf_counter() - started)
    # Medians: a background merge or a garbage collection lands on one batch or the other at random.
    with_recount = rows * len(sink) / (sum(sink) + recount)
    return rows / percentile(sink, 0.5), rows / percentile(bare, 0.5), with_recount


def batches(
    template: EnrichedReport, count: int, stored: list[tuple[uuid.UUID, str]], corrected: int, moving: bool
) -> Iterator[tuple[list[EnrichedReport], list[EnrichedReport]]]:
    """The sink's batches of 1,000 reports and the bare insert's, each made when it is asked for."""
    for n in range(count):
        fixes = stored[n * corrected : (n + 1) * corrected]
        tenants = [TENANT if moving else tenant for _, tenant in fixes] + [TENANT] * (1000 - corrected)
        ours = [_copy(template, tenant, fix) for tenant, (fix, _) in zip(tenants, fixes, strict=False)]
        ours += [_copy(template, tenant) for tenant in tenants[corrected:]]
        yield ours, [_copy(template, tenant) for tenant in tenants]


def reading_what_is_held(warehouse: Warehouse) -> str:
    """How long a worker takes to read the reports the warehouse holds, at start and after a rebalance."""
    seen, started = SeenReports(warehouse), time.perf_counter()
    seen.may_hold([uuid.uuid4()])
    took = time.perf_counter() - started
    held = warehouse.query("SELECT uniqExact(report_id) FROM {db}.incidents")[0][0]
    return f"{took:.1f} s for {held:,} reports"


def stored_reports(warehouse: Warehouse, count: int) -> list[tuple[uuid.UUID, str]]:
    """Stored reports (id, tenant) that are neither corrected nor withdrawn yet."""
    sql = (
        "SELECT report_id, any(tenant) FROM {db}.report_versions GROUP BY report_id "
        "HAVING max(version) = 1 ORDER BY cityHash64(report_id) LIMIT {count:UInt32}"
    )
    return [(report_id, tenant) for report_id, tenant in warehouse.query(sql, {"count": count})]


def _copy(template: EnrichedReport, tenant: str, correcting: uuid.UUID | None = None) -> EnrichedReport:
    """A new report like the template in the tenant, or its second version of a stored report."""
    report_id, version = (uuid.uuid4(), 1) if correcting is None else (correcting, 2)
    fields = {"report_id": report_id, "report_version": version, "tenant": tenant}
    incidents = [i.model_copy(update={**fields, "event_id": uuid.uuid4()}) for i in template.incidents]
    update = {**fields, "incidents": incidents}
    return template.model_copy(update=update)


def context() -> EnrichContext:
    return EnrichContext(Taxonomy.load(), ZoneInfo("Europe/Stockholm"), Policy(), Policy(max_age=None),
                         PlaceBook(Boundaries(())))  # fmt: skip


def sink_rows(warehouse: Warehouse) -> list[tuple[str, str]]:
    """The bench's rows of the writer: reading the reports held, and the sink against a bare insert."""
    rows = []
    rows.append(("the writer reads the reports held (at start, after a rebalance)",
                 reading_what_is_held(warehouse)))  # fmt: skip
    settle_heap()  # as the aggregate worker does once started
    sink, bare, with_recount = sink_against_bare(warehouse, 30_000)
    rows.append(("sink: new reports of 10 incidents, batches of 1,000 reports", f"{sink:,.0f} rows/s"))
    rows.append(("bare clickhouse-connect insert of the same rows", f"{bare:,.0f} rows/s"))
    rows.append(("ratio sink / bare (target 0.8)", f"{sink / bare:.2f}"))
    rows.append(("sink with the rollups' recount after every batch", f"{with_recount:,.0f} rows/s"))
    sink, bare, _ = sink_against_bare(warehouse, 30_000, corrected=10)
    rows.append(("sink, 1% of each batch correcting stored reports", f"{sink:,.0f} rows/s"))
    rows.append(("  bare insert of as many rows; ratio", f"{bare:,.0f} rows/s; {sink / bare:.2f}"))
    sink, bare, _ = sink_against_bare(warehouse, 30_000, corrected=10, moving=True)
    rows.append(("sink, 1% of each batch moving stored reports to another tenant", f"{sink:,.0f} rows/s"))
    rows.append(("  bare insert of as many rows; ratio", f"{bare:,.0f} rows/s; {sink / bare:.2f}"))
    return rows
