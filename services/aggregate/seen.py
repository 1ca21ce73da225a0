"""Which reports the warehouse may already hold, so that the writer looks up only those.

Before it writes a report version the writer looks up the report's live rows and latest version. Once
the incidents number millions, that lookup costs more than the write: a batch's thousand random report
ids touch most granules of the index. Yet nearly every report arrives once, as version 1, and for it
there is nothing to find: no older rows to replace and no later version it could be late for.

So the writer keeps the reports that have rows in ``incidents`` or a version above 1 in
``report_versions`` (its log, ``report_rows``, holds both), each as a 64-bit fingerprint (8 bytes a
report; two reports share one about once in 2^64 / n): a version 1 of a report not among them is written
without a lookup. They are read from the warehouse when first needed and again whenever this worker is
given partitions (another worker may have written their reports), and every report is added before its
rows are written, so none is missed whose messages this worker handles. A worker that lost its
partitions and still writes does so for records the new owner reads again: that owner learns those
reports from its own writes, in order.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from embrace.warehouse import Warehouse

# Each report id as two 64-bit halves, as Python's ``uuid.int`` splits them.
HELD = """
SELECT toUInt64(bitShiftRight(toUInt128(report_id), 64)) AS high,
       toUInt64(bitAnd(toUInt128(report_id), 18446744073709551615)) AS low
FROM {db}.report_rows
"""
MERGE_AT = 100_000  # reports added since the sorted array was last rebuilt
Halves = npt.NDArray[np.uint64]


class SeenReports:
    """The reports the warehouse may hold, read lazily; :meth:`forget` makes the next use read again."""

    def __init__(self, warehouse: Warehouse) -> None:
        self._warehouse = warehouse
        self._held: Fingerprints | None = None
        # A rebalance may come while the fingerprints are being read (the runner's thread, not the
        # writer's): what was read from before it must not stand.
        self._forgotten = 0
        self._guard = threading.Lock()

    def forget(self) -> None:
        with self._guard:
            self._forgotten += 1
            self._held = None

    def may_hold(self, report_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        """Those of the reports the warehouse may hold; every one it does hold is among them."""
        ids = list(report_ids)
        if not ids:
            return set()
        found = self._read().holds(fingerprints(ids))
        return {report_id for report_id, maybe in zip(ids, found, strict=True) if maybe}

    def add(self, report_ids: Iterable[uuid.UUID]) -> None:
        """Note reports about to be written."""
        if ids := list(report_ids):
            self._read().add(fingerprints(ids))

    def _read(self) -> Fingerprints:
        while (held := self._held) is None:
            forgotten = self._forgotten
            found = self._warehouse.columns(HELD)
            with self._guard:
                if forgotten == self._forgotten:
                    self._held = Fingerprints(_fingerprint(found["high"], found["low"]))
        return held


class Fingerprints:
    """A sorted array, searched in one call for a whole batch, and a set of those added since."""

    def __init__(self, held: Halves) -> None:
        self._sorted = _sorted_once(held)
        self._recent: set[int] = set()

    def __len__(self) -> int:
        return len(self._sorted) + len(self._recent)

    def add(self, prints: Halves) -> None:
        self._recent.update(prints.tolist())
        if len(self._recent) >= MERGE_AT:
            recent = np.fromiter(self._recent, dtype=np.uint64, count=len(self._recent))
            recent = np.sort(recent[~self._in_sorted(recent)])
            self._sorted = np.insert(self._sorted, np.searchsorted(self._sorted, recent), recent)
            self._recent = set()

    def holds(self, prints: Halves) -> npt.NDArray[np.bool_]:
        recent = np.fromiter((p in self._recent for p in prints.tolist()), dtype=bool, count=len(prints))
        held: npt.NDArray[np.bool_] = self._in_sorted(prints) | recent
        return held

    def _in_sorted(self, prints: Halves) -> npt.NDArray[np.bool_]:
        if not len(self._sorted):
            return np.zeros(len(prints), dtype=bool)
        at = np.minimum(np.searchsorted(self._sorted, prints), len(self._sorted) - 1)
        found: npt.NDArray[np.bool_] = self._sorted[at] == prints
        return found


def _sorted_once(prints: Halves) -> Halves:
    """Sorted, each once (numpy's own ``unique`` takes twenty times as long on millions)."""
    ordered = np.sort(prints)
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    once: Halves = ordered[first]
    return once


def fingerprints(ids: list[uuid.UUID]) -> Halves:
    high = np.fromiter((i.int >> 64 for i in ids), dtype=np.uint64, count=len(ids))
    low = np.fromiter((i.int & 0xFFFFFFFFFFFFFFFF for i in ids), dtype=np.uint64, count=len(ids))
    return _fingerprint(high, low)


def _fingerprint(high: Halves, low: Halves) -> Halves:
    return _mix(high ^ _mix(low))


def _mix(x: Halves) -> Halves:
    """SplitMix64's finaliser: every bit of the input moves about half the bits of the output."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))
