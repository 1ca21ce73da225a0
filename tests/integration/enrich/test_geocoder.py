"""The geocoder against a local server answering as Nominatim's /search does, slowness and garbage too."""

from __future__ import annotations

import time
from itertools import pairwise
from zoneinfo import ZoneInfo

from embrace.contracts.fields import GeoPoint
from embrace.geo.boundaries import Boundaries
from embrace.sqlstore import SqlStore
from embrace.taxonomy import Taxonomy
from embrace.validation import Policy
from services.enrich.enrichment import EnrichContext
from services.enrich.places import PlaceBook
from tests.support.builders import incident, report
from tests.support.enriching import facts_of
from tests.support.kafka_pipeline import wait_until
from tests.support.nominatim import Nominatim, geocoder, settle


def test_text_is_resolved_in_the_background_politely_and_remembered(
    server: str, boundaries: Boundaries, sql_store: SqlStore
) -> None:
    coder = geocoder(server, boundaries, sql_store).start()
    try:
        assert coder.cached("0180", "Storgatan 1") is None  # not known yet: asked, never waited for
        for text in ("Storgatan 1", "storgatan  1", "Torget i Malmö", "Ingenstans"):
            coder.ask("0180", text)
        settle(coder, 3)
        assert coder.cached("0180", "STORGATAN 1") == (59.3325, 18.0649)
        assert coder.cached("0180", "Torget i Malmö") is None  # found, but not in the tenant's municipality
        assert coder.requests == 3  # the same text asked twice is looked up once
    finally:
        coder.stop()
    gaps = [later - earlier for (earlier, _, _), (later, _, _) in pairwise(Nominatim.asked)]
    # The geocoder keeps a second between its sends; the server sees each arrive a little later, by as
    # much as the machine makes a thread wait (over 50 ms once, on a loaded machine).
    assert sum(gaps) >= 0.95 * len(gaps), gaps
    assert min(gaps) >= 0.75, gaps
    assert {agent for _, _, agent in Nominatim.asked} == {"EMBRACE test (test@example.se)"}
    again = geocoder(server, boundaries, sql_store)  # a restart, or another worker: the cache is shared
    assert again.cached("0180", "Storgatan 1") == (59.3325, 18.0649)


def test_timeouts_and_garbage_are_not_remembered_and_repeated_failures_open_the_circuit(
    server: str, boundaries: Boundaries, sql_store: SqlStore
) -> None:
    coder = geocoder(server, boundaries, sql_store, min_interval=0.1, open_seconds=30.0).start()
    try:
        coder.ask("0180", "Långsam gata")
        coder.ask("0180", "Skräp")
        settle(coder, 3)  # slow, garbage, slow again: three failures in a row
        assert wait_until(lambda: coder.circuit_open, timeout=5)
        made = coder.requests
        coder.ask("0180", "Storgatan 1")
        time.sleep(1.0)
        assert coder.requests == made  # while open, nothing is asked
        assert coder.cached("0180", "Skräp") is None
        assert coder.cached("0180", "Storgatan 1") is None
    finally:
        coder.stop()


def test_a_busy_service_is_backed_off_by_its_retry_after(
    server: str, boundaries: Boundaries, sql_store: SqlStore
) -> None:
    Nominatim.down = True
    coder = geocoder(server, boundaries, sql_store, min_interval=0.1, failures_to_open=10).start()
    try:
        coder.ask("0180", "Storgatan 1")
        settle(coder, 2)
        Nominatim.down = False
        settle(coder, 3)
    finally:
        coder.stop()
    first, second = (t for t, _, _ in Nominatim.asked[:2])
    assert second - first >= 0.95  # Retry-After: 1
    assert coder.cached("0180", "Storgatan 1") == (59.3325, 18.0649)


def test_enrichment_never_waits_for_the_geocoder_and_later_incidents_get_its_answer(
    server: str, boundaries: Boundaries, sql_store: SqlStore, taxonomy: Taxonomy
) -> None:
    coder = geocoder(server, boundaries, sql_store).start()
    context = EnrichContext(taxonomy, ZoneInfo("Europe/Stockholm"), Policy(), Policy(max_age=None),
                            PlaceBook(boundaries, coder))  # fmt: skip
    try:
        made = report(incident(address="Storgatan 1", area_id=None), tenant="0180")
        [first] = facts_of(made, context)
        assert (first.location_precision, first.point, first.flags) == (
            "address",
            None,
            ["unresolved_address"],
        )
        settle(coder, 1)
        [later] = facts_of(report(incident(address="storgatan 1", area_id=None), tenant="0180"), context)
    finally:
        coder.stop()
    assert (later.location_precision, later.point, later.flags) == (
        "address",
        GeoPoint(lat=59.3325, lon=18.0649),
        [],
    )
    assert (later.municipality_code, later.h3_r9 is not None) == ("0180", True)
