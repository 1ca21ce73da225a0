"""Enrichment of a million incidents spread over Sweden, against geopandas.sjoin on the same data.

    python -m bench.enrich [--incidents 1000000] [--data-dir ../shared/data]

Every municipality is a tenant with about seven areas of its own (2,000 in all). What is timed is what
the enrich stage computes for a batch: place facts (municipality, county, every containing area, H3
cells at two resolutions), time facts (local date, ISO week, weekday, hour, part of day, month, quarter,
season, window length, holiday) and darkness, on columns (the points as arrays, as the reference gets
them). The reference joins the same points to the same 290 + 2,000 polygons with geopandas.sjoin, in
the same run, on the same core. Each part is then timed alone, and building the pydantic messages of a
sample is timed apart, as figures per incident.
"""

from __future__ import annotations

import argparse
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import geopandas as gpd
import numpy as np
import shapely

from bench.measure import scratch, table
from embrace.bus.garbage_collector import settle_heap
from embrace.contracts import Area
from embrace.contracts.fields import GeoPoint
from embrace.taxonomy import Taxonomy
from embrace.validation import Policy
from embrace.warehouse import Warehouse
from services.aggregate import sinks
from services.aggregate.area_history import reassign_areas
from services.enrich.enrichment import EnrichContext, Facts, enrich_reports
from services.enrich.located import Asks, cells
from services.enrich.places import PlaceBook
from services.enrich.sun import is_dark
from services.enrich.timefeatures import Floats, time_columns
from tests.support.builders import incident, report, square
from tests.support.enriching import facts_of
from tests.support.geo import real_boundaries

AREAS_PER_TENANT = 7
ZONE = ZoneInfo("Europe/Stockholm")


def areas(book: PlaceBook, rng: np.random.Generator) -> list[Area]:
    made = []
    for municipality in book.boundaries.municipalities:
        centre = municipality.geometry.representative_point()
        for n in range(AREAS_PER_TENANT):
            lon, lat = centre.x + rng.normal(0, 0.05), centre.y + rng.normal(0, 0.03)
            size = rng.uniform(0.005, 0.03)
            made.append(Area(event_id=uuid.uuid4(), tenant=municipality.code, occurred=datetime.now(UTC),
                             published=datetime.now(UTC), area_id=f"a{n}", name=f"Område {n}", kind="hotspot",
                             geometry=square(lon, lat, size, size / 2)))  # fmt: skip
    return made[:2000]


def incidents(book: PlaceBook, count: int, rng: np.random.Generator) -> tuple[Asks, Floats, Floats]:
    """Points around every municipality's centre, reported by it; instants and windows over a year."""
    every = book.boundaries.municipalities
    chosen = rng.integers(0, len(every), count)
    centres = np.array([m.centre for m in every])
    lats = centres[chosen, 0] + rng.normal(0, 0.04, count)
    lons = centres[chosen, 1] + rng.normal(0, 0.07, count)
    starts = rng.uniform(
        datetime(2025, 12, 1, tzinfo=UTC).timestamp(), datetime(2026, 11, 1, tzinfo=UTC).timestamp(), count
    )
    lengths = np.where(rng.random(count) < 0.4, rng.uniform(0, 12 * 3600, count), 0.0)
    tenants = np.array([m.code for m in every], dtype=object)[chosen]
    return Asks(tenants, lats, lons), starts, starts + lengths


def reference(book: PlaceBook, published: list[Area], asks: Asks) -> float:
    polygons = [m.geometry for m in book.boundaries.municipalities] + [
        shapely.geometry.shape(a.geometry) for a in published
    ]
    frame = gpd.GeoDataFrame({"n": range(len(polygons))}, geometry=polygons, crs="EPSG:4326")
    points = gpd.GeoDataFrame(geometry=shapely.points(asks.lon, asks.lat), crs="EPSG:4326")
    started = time.perf_counter()
    gpd.sjoin(points, frame, predicate="intersects", how="left")
    return time.perf_counter() - started


def breakdown(book: PlaceBook, asks: Asks, starts: Floats, ends: Floats) -> dict[str, float]:
    """Seconds of each part of the facts, timed alone on the same incidents."""
    precision = np.zeros(len(asks), dtype=np.int8)  # every incident has a point
    parts: dict[str, Callable[[], object]] = {
        "place lookups alone: municipality, county, areas (the reference's work)": lambda: (
            book.boundaries.locate(asks.lat, asks.lon),
            book.areas_containing(asks.tenant, asks.lat, asks.lon),
        ),
        "H3 cells at resolutions 7 and 9": lambda: cells(asks.lat, asks.lon, precision),
        "time facts": lambda: time_columns(starts, ends, ZONE),
        "darkness": lambda: is_dark(asks.lat, asks.lon, starts),
    }
    timed = {}
    for name, part in parts.items():
        started = time.perf_counter()
        part()
        timed[name] = time.perf_counter() - started
    return timed


def history(count: int, rng: np.random.Generator, context: EnrichContext) -> tuple[int, float]:
    """Stored incidents of one tenant re-assigned when an area is drawn: (rows rewritten, seconds)."""
    warehouse = Warehouse.connect(f"chdb://{scratch('history')}", "history")
    warehouse.migrate()
    try:
        facts = [
            fact.model_copy(update={"event_id": uuid.uuid4(), "report_id": uuid.uuid4()})
            for fact in facts_of(report(incident(point=(59.33, 18.06), area_id=None), tenant="0180"), context)
            for _ in range(count)
        ]
        lats, lons = 59.30 + rng.random(count) * 0.1, 18.00 + rng.random(count) * 0.1
        placed = [
            f.model_copy(update={"point": GeoPoint(lat=y, lon=x)})
            for f, y, x in zip(facts, lats, lons, strict=True)
        ]
        sinks.INCIDENTS.writer(warehouse)(placed)
        now = datetime.now(UTC)
        drawn = Area(event_id=uuid.uuid4(), tenant="0180", occurred=now, published=now, area_id="city",
                     name="City", kind="district", geometry=square(18.02, 59.32, 0.05))  # fmt: skip
        started = time.perf_counter()
        rewritten = reassign_areas(warehouse, [drawn])
        return rewritten, time.perf_counter() - started
    finally:
        warehouse.close()


def stage_rate(facts: Facts, asks: Asks, context: EnrichContext) -> float:
    """The stage as the runners call it: batches of 500 reports, validation, facts and messages, in a
    process whose start-up is settled, as a worker's is. Incidents per second."""
    settle_heap()
    inside = np.flatnonzero(~facts.places.outside)[:50_000]
    sample = [report(incident(point=(asks.lat[i], asks.lon[i]), area_id=None), tenant=asks.tenant[i])
              for i in inside.tolist()]  # fmt: skip
    started = time.perf_counter()
    for start in range(0, len(sample), 500):
        enrich_reports(sample[start : start + 500], context)
    return len(sample) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    book = PlaceBook(real_boundaries(args.data_dir))
    published = areas(book, rng)
    for area in published:
        book.apply_area(area)
    context = EnrichContext(Taxonomy.load(), ZONE, Policy(), Policy(max_age=None), book)
    asks, starts, ends = incidents(book, args.incidents, rng)
    rows = [
        (
            "polygons",
            f"{len(book.boundaries.municipalities)} municipalities + {len(published):,} tenant areas",
        ),
        *facts_rows(book, published, asks, starts, ends, context),
    ]
    rewritten, seconds = history(200_000, rng, context)
    read = f"{rewritten:,} rows re-assigned in {seconds:.2f} s ({200_000 / seconds:,.0f} incidents/s read)"
    rows.append(("history: 200,000 stored incidents of a tenant, an area drawn", read))
    print(table(rows))


def facts_rows(book: PlaceBook, published: list[Area], asks: Asks, starts: Floats, ends: Floats,
               context: EnrichContext) -> list[tuple[str, str]]:  # fmt: skip
    """Enrichment's facts, first call and again, against geopandas' spatial join, and the stage."""
    started = time.perf_counter()
    facts = Facts.of(asks, starts, ends, context)
    ours = time.perf_counter() - started  # the grids and the zone's changes are built on this first call
    started = time.perf_counter()
    Facts.of(asks, starts, ends, context)
    again = time.perf_counter() - started
    theirs = reference(book, published, asks)
    placed = int((~facts.places.outside).sum())
    in_areas = sum(1 for ids in facts.places.area_ids if ids)
    rate = len(asks)
    return [
        ("incidents", f"{rate:,} ({placed:,} placed in a municipality, {in_areas:,} in a tenant area)"),
        ("enrich facts, all fields, first call", f"{rate / ours:,.0f} incidents/s ({ours:.2f} s)"),
        ("geopandas.sjoin, place only (reference)", f"{rate / theirs:,.0f} incidents/s ({theirs:.2f} s)"),
        ("ratio enrich / sjoin", f"{theirs / ours:.2f}"),
        ("enrich facts again, grids built (a running worker)",
         f"{rate / again:,.0f} incidents/s ({again:.2f} s, {theirs / again:.2f} x sjoin)"),
        *((f"  {name}", f"{rate / s:,.0f} incidents/s ({s:.2f} s, {theirs / s:.2f} x sjoin)")
          for name, s in breakdown(book, asks, starts, ends).items()),
        ("the stage: 500 reports a batch (validation, facts, messages)",
         f"{stage_rate(facts, asks, context):,.0f} incidents/s"),
    ]  # fmt: skip


if __name__ == "__main__":
    main()
