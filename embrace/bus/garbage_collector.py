"""The garbage collector's settings for a process that runs stages on batches of messages."""

from __future__ import annotations

import gc

# A batch of 500 reports makes a few hundred thousand objects that live only as long as the batch. With
# CPython's default thresholds (700, 10, 10) the collector ran every 700 of them and could walk the whole
# heap every 70,000, the boundaries, grids and libraries start-up built included: 40% of the enrich
# stage's time on such a batch. Short-lived objects need no cycle collection; they go when the batch does.
YOUNG_THRESHOLD = 10_000
# Counting the frozen objects walks them all (16 ms for two million): counted once when frozen, so that
# a metrics scrape reads a number instead of walking a worker's start-up heap each time.
_frozen = {"objects": 0}


def freeze_what_exists() -> None:
    """What exists now lives as long as the process: kept out of the collector's full walks for good."""
    gc.collect()
    gc.freeze()
    _frozen["objects"] = gc.get_freeze_count()


def frozen_objects() -> int:
    """How many objects the last freeze kept out of the collector's walks."""
    return _frozen["objects"]


def settle_heap() -> None:
    """Call once start-up is done: what it built is kept out of the collector's walks for good, and the
    collector runs every ``YOUNG_THRESHOLD`` allocations. Cycles are still collected, a little later."""
    freeze_what_exists()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
