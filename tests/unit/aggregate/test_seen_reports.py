"""The fingerprints that let the incidents writer skip looking up reports the warehouse cannot hold."""

from __future__ import annotations

import uuid

import numpy as np

from services.aggregate.seen import MERGE_AT, Fingerprints, fingerprints

RANDOM = np.random.default_rng(20261126)


def ids(count: int) -> list[uuid.UUID]:
    return [uuid.UUID(bytes=RANDOM.bytes(16)) for _ in range(count)]


def test_a_report_read_or_added_is_always_found_and_no_other() -> None:
    read, added, never = ids(50_000), ids(MERGE_AT + 10), ids(50_000)
    held = Fingerprints(fingerprints(read))
    held.add(fingerprints(added))  # more than MERGE_AT: merged into the sorted array, the rest recent
    assert held.holds(fingerprints(read + added)).all()
    assert not held.holds(fingerprints(never)).any()
    assert len(held) == len(read) + len(added)


def test_ids_that_differ_in_one_bit_get_unrelated_fingerprints() -> None:
    sequential = [uuid.UUID(int=n) for n in range(100_000)]
    prints = fingerprints(sequential)
    assert len(np.unique(prints)) == len(prints)
    assert 0.45 < float(np.mean(prints >> np.uint64(63))) < 0.55  # the top bit as often set as not


def test_nothing_read_yet_holds_nothing() -> None:
    assert not Fingerprints(np.zeros(0, dtype=np.uint64)).holds(fingerprints(ids(3))).any()
