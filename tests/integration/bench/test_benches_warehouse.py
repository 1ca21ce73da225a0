"""The benches' warehouse of invented incidents is made on the schema as it stands, so the figures in
docs/benchmarks.md can be measured again (a column the benches' SQL did not name broke them once)."""

from __future__ import annotations

from bench.warehouse import fill
from embrace.warehouse import Warehouse


def test_the_benches_fill_a_warehouse_with_corrections_withdrawals_and_versions(warehouse: Warehouse) -> None:
    fill(warehouse, 2000, {"0180": (59.2, 59.4, 17.9, 18.2), "1280": (55.5, 55.7, 12.9, 13.1)})
    [(tenants,)] = warehouse.query("SELECT uniqExact(tenant) FROM {db}.incidents")
    [(reports,)] = warehouse.query("SELECT count() FROM {db}.report_versions FINAL")
    [(current,)] = warehouse.query("SELECT count() FROM {db}.before_current")
    assert tenants == 2
    assert reports == 2000  # each report's latest version
    assert 0 < current < 2000  # the withdrawn reports' incidents no longer stand
