"""A worker's heap once start-up is done: what start-up built is out of the collector's walks, and the
collector runs on the young less often than CPython's default."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from prometheus_client import CollectorRegistry

from embrace.bus import garbage_collector
from embrace.bus.garbage_collector import YOUNG_THRESHOLD, frozen_objects, settle_heap
from embrace.bus.metrics import BusMetrics


@pytest.fixture
def heap(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    thresholds = gc.get_threshold()
    gc.unfreeze()
    monkeypatch.setattr(garbage_collector, "_frozen", {"objects": 0})
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_settling_freezes_what_start_up_built_and_collects_the_young_less_often(heap: None) -> None:
    built = [{"made": n} for n in range(1000)]
    young, middle, old = gc.get_threshold()

    settle_heap()

    assert gc.get_freeze_count() >= len(built)
    assert gc.get_threshold() == (YOUNG_THRESHOLD, middle, old)
    assert young < YOUNG_THRESHOLD


def test_a_runner_s_metrics_show_the_collector_and_what_it_no_longer_walks(heap: None) -> None:
    registry = CollectorRegistry()
    BusMetrics(registry)
    assert registry.get_sample_value("embrace_heap_frozen_objects") == 0
    assert registry.get_sample_value("python_gc_collections_total", {"generation": "0"}) is not None

    settle_heap()

    # The metric is the count made when frozen. A frozen object that is freed later leaves the live count,
    # and another thread of the process may free one at any time: the live count is at most the metric.
    shown = registry.get_sample_value("embrace_heap_frozen_objects")
    assert shown == frozen_objects()
    assert 0 < gc.get_freeze_count() <= shown


def test_a_scrape_reads_the_count_made_when_frozen_and_walks_nothing(heap: None) -> None:
    registry = CollectorRegistry()
    BusMetrics(registry)
    settle_heap()
    counted = gc.get_freeze_count()
    gc.unfreeze()  # had a scrape walked the frozen objects, it would now find none
    assert registry.get_sample_value("embrace_heap_frozen_objects") == counted
