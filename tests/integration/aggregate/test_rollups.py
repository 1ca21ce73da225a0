"""The rollups' pending slices: a recount marks a slice done as of when it began, so a slice marked
again meanwhile stays pending, and one marked before stays done."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
    # A recount that began an hour ago met one mark from before it and one from after (recent: done
    # marks older than a day are deleted by the table's TTL).
    began = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    before, after = (f"{began + timedelta(seconds=s):%Y-%m-%d %H:%M:%S}" for s in (-1, 1))
    warehouse.command(MARKS + f" ('0180', '2026-W06', '{before}', false),"
                      f" ('0380', '2026-W06', '{after}', false)")  # fmt: skip
    warehouse.command(MARKS + f" ('0180', '2026-W06', '{began:%Y-%m-%d %H:%M:%S}', true),"
                      f" ('0380', '2026-W06', '{began:%Y-%m-%d %H:%M:%S}', true)")  # fmt: skip
    assert pending(warehouse) == [("0380", "2026-W06")]


def test_a_rebuild_recounts_everything_and_leaves_nothing_pending(warehouse: Warehouse) -> None:
    rollups = Rollups(warehouse)
    rollups.mark([("0180", "2026-W05")])
    rollups.rebuild()
    assert pending(warehouse) == []
