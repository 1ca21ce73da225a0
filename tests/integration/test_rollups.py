"""The rollups' pending slices: a recount marks a slice done as of when it began, so a slice marked
again meanwhile stays pending, and one marked before stays done."""

from __future__ import annotations

from embrace.warehouse import Warehouse
from services.aggregate.rollups import PENDING, Rollups

MARKS = "INSERT INTO {db}.rollup_pending (tenant, iso_week, marked, done) VALUES"


def pending(warehouse: Warehouse) -> list[tuple[object, ...]]:
    return warehouse.query(PENDING, {"limit": 100})


def test_a_slice_marked_while_it_was_recounted_is_recounted_again(warehouse: Warehouse) -> None:
    rollups = Rollups(warehouse)
    rollups.mark([("0180", "2026-W05"), ("0180", "2026-W05"), ("0380", "2026-W05")])
    assert pending(warehouse) == [("0180", "2026-W05"), ("0380", "2026-W05")]
    assert rollups.refresh_pending() == 2
    assert pending(warehouse) == []
    # A recount that began at noon met one mark from before it and one from after.
    warehouse.command(MARKS + " ('0180', '2026-W06', '2026-11-26 11:59:59', false),"
                      " ('0380', '2026-W06', '2026-11-26 12:00:01', false)")  # fmt: skip
    warehouse.command(MARKS + " ('0180', '2026-W06', '2026-11-26 12:00:00', true),"
                      " ('0380', '2026-W06', '2026-11-26 12:00:00', true)")  # fmt: skip
    assert pending(warehouse) == [("0380", "2026-W06")]


def test_a_rebuild_recounts_everything_and_leaves_nothing_pending(warehouse: Warehouse) -> None:
    rollups = Rollups(warehouse)
    rollups.mark([("0180", "2026-W05")])
    rollups.rebuild()
    assert pending(warehouse) == []
