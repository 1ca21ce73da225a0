"""How long the geocoder's answers are kept, in the worker's memory as in the SQL store: a point for the
free-text days, "not found" for a month, since the map gains places."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from embrace.geo.boundaries import Boundaries
from embrace.sqlstore import SqlStore
from embrace.sqlstore.geocoded import GeocodeCache, Keeping
from services.enrich.geocoding import PRUNE_SECONDS, Manners, NominatimGeocoder
from tests.support.kafka_pipeline import wait_until
from tests.support.nominatim import Nominatim, clocked_geocoder, settle

T0 = datetime(2026, 1, 5, 12, tzinfo=UTC)
STORGATAN = (59.3325, 18.0649)


class Clocks:
    """The geocoder's two clocks as a test moves them: seconds for its manners, days for its answers."""

    def __init__(self) -> None:
        self.seconds, self.days = 0.0, 0

    def monotonic(self) -> float:
        return time.monotonic() + self.seconds

    def now(self) -> datetime:
        return T0 + timedelta(days=self.days)


def started(server: str, boundaries: Boundaries, sql_store: SqlStore, clocks: Clocks) -> NominatimGeocoder:
    cache = GeocodeCache(sql_store, Keeping(found_days=60, unfound_days=30))
    coder = clocked_geocoder(server, boundaries, cache, Manners(timeout=0.5, min_interval=0.1),
                             clocks.monotonic, clocks.now).start()  # fmt: skip
    for place in ("Storgatan 1", "Ingenstans"):
        coder.ask("0180", place)
    settle(coder, 2)
    return coder


def asked_again(coder: NominatimGeocoder, expected: int) -> list[str]:
    """Ask for both texts; what the service was asked (only what the worker no longer keeps), once the
    ``expected`` requests are made, or after half a second when none is."""
    before, made = len(Nominatim.asked), coder.requests
    for place in ("Storgatan 1", "Ingenstans"):
        coder.ask("0180", place)
    if expected:
        settle(coder, made + expected)
    else:
        time.sleep(0.5)
    return [asked for _, asked, _ in Nominatim.asked[before:]]


@pytest.fixture
def clocked(
    server: str, boundaries: Boundaries, sql_store: SqlStore
) -> Iterator[tuple[NominatimGeocoder, Clocks]]:
    """A geocoder that has answered both texts, and its clocks."""
    clocks = Clocks()
    coder = started(server, boundaries, sql_store, clocks)
    yield coder, clocks
    coder.stop()


def test_not_found_is_asked_again_after_a_month_and_a_point_after_its_days(
    clocked: tuple[NominatimGeocoder, Clocks],
) -> None:
    coder, clocks = clocked
    clocks.days = 29
    assert asked_again(coder, 0) == []
    clocks.days = 31
    assert asked_again(coder, 1) == ["Ingenstans"]
    assert coder.cached("0180", "Storgatan 1") == STORGATAN
    clocks.days = 61
    assert asked_again(coder, 1) == ["Storgatan 1"]
    assert coder.cached("0180", "Storgatan 1") == STORGATAN


def test_a_worker_forgets_answers_of_age_from_its_memory_within_the_hour(
    clocked: tuple[NominatimGeocoder, Clocks],
) -> None:
    coder, clocks = clocked
    assert coder.remembered == 2
    clocks.days = 31
    time.sleep(0.5)
    assert coder.remembered == 2  # not yet the hour
    clocks.seconds = PRUNE_SECONDS
    assert wait_until(lambda: coder.remembered == 1, timeout=5)


def test_an_answer_the_store_cannot_keep_is_still_known_to_the_worker(
    server: str, boundaries: Boundaries, sql_store: SqlStore
) -> None:
    coder = clocked_geocoder(server, boundaries, GeocodeCache(sql_store), Manners(min_interval=0.1))
    with sql_store.session() as session:
        session.execute(text("DROP TABLE geocoded"))  # every save now fails, as with a store gone
    coder.start()
    try:
        for place in ("Storgatan 1", "Ingenstans"):
            coder.ask("0180", place)
        settle(coder, 2)
        assert coder.cached("0180", "Storgatan 1") == STORGATAN
        assert coder.requests == 2  # the thread lived on past the first failed save
    finally:
        coder.stop()


def test_an_answer_that_fails_unexpectedly_ends_neither_the_geocoder_nor_that_text(
    server: str, boundaries: Boundaries, sql_store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    coder = clocked_geocoder(server, boundaries, GeocodeCache(sql_store), Manners(min_interval=0.1))
    placed, faults = coder._in_municipality, [RuntimeError("a fault in placing an answer")]

    def place_after_a_fault(tenant: str, point: tuple[float, float]) -> bool:
        if faults:
            raise faults.pop()
        return placed(tenant, point)

    monkeypatch.setattr(coder, "_in_municipality", place_after_a_fault)
    coder.start()
    try:
        coder.ask("0180", "Storgatan 1")  # its answer meets the fault
        settle(coder, 1)
        coder.ask("0180", "Storgatan 1")  # met again: asked again, and answered
        settle(coder, 2)
        assert coder.cached("0180", "Storgatan 1") == STORGATAN
    finally:
        coder.stop()
