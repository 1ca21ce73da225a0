"""The shortcuts that make enrichment fast give the answers of the slow, obvious way, point for point:
the grid of cells against the exact geometry test, H3 on arrays against the h3 library, calendar
arithmetic on arrays against Python's own datetime, and the areas' grid against each area's polygon."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import h3
import numpy as np
import pytest
import shapely

from embrace.contracts import Area
from embrace.geo.boundaries import Boundaries
from services.enrich.located import ADDRESS, POINT, PRECISIONS, Asks, cells
from services.enrich.places import PlaceBook
from services.enrich.timefeatures import time_columns
from tests.support.builders import square
from tests.support.geo import real_boundaries

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture(scope="module")
def boundaries(data_dir: Path) -> Boundaries:
    return real_boundaries(data_dir)


def test_the_grid_places_every_point_where_the_exact_test_does(boundaries: Boundaries) -> None:
    rng = np.random.default_rng(1)
    west, south, east, north = shapely.total_bounds([m.geometry for m in boundaries.municipalities])
    lat, lon = rng.uniform(south - 0.2, north + 0.2, 200_000), rng.uniform(west - 0.2, east + 0.2, 200_000)
    # and points on the cells' own edges, where rounding of the cell index could go astray
    lat[:1000] = np.round(lat[:1000], 2)
    lon[:1000] = np.round(lon[:1000], 2)
    lat[-5:] = np.nan
    assert np.array_equal(boundaries.locate(lat, lon), boundaries.locate_exactly(lat, lon))


def test_h3_cells_on_arrays_are_the_h3_librarys_at_both_resolutions() -> None:
    rng = np.random.default_rng(2)
    lat, lon = rng.uniform(55, 69.1, 20_000), rng.uniform(10.9, 24.2, 20_000)
    precision = rng.choice([POINT, ADDRESS, PRECISIONS.index("area")], 20_000).astype(np.int8)
    coarse, fine = cells(lat, lon, precision)
    resolved = precision != PRECISIONS.index("area")
    expected = [(int(h3.latlng_to_cell(y, x, 7), 16), int(h3.latlng_to_cell(y, x, 9), 16)) if ok else (0, 0)
                for y, x, ok in zip(lat.tolist(), lon.tolist(), resolved.tolist(), strict=True)]  # fmt: skip
    assert list(zip(coarse.tolist(), fine.tolist(), strict=True)) == expected


def test_calendar_arithmetic_agrees_with_python_datetime_over_decades_and_dst_changes() -> None:
    rng = np.random.default_rng(3)
    moments = np.concatenate([
        rng.uniform(0, 4.1e9, 20_000),  # 1970 to 2099
        datetime(2026, 3, 29, 1, tzinfo=UTC).timestamp() + rng.uniform(-7200, 7200, 2_000),  # spring forward
        datetime(2026, 10, 25, 1, tzinfo=UTC).timestamp() + rng.uniform(-7200, 7200, 2_000),  # fall back
        [datetime(2026, 12, 31, 23, tzinfo=UTC).timestamp(),
         datetime(2027, 1, 3, 23, tzinfo=UTC).timestamp()],
    ])  # fmt: skip
    columns = time_columns(moments, moments, STOCKHOLM)
    for n, moment in enumerate(moments.tolist()):
        local = datetime.fromtimestamp(moment, STOCKHOLM)
        iso = local.isocalendar()
        fields = columns.fields(n)
        assert (fields["local_date"], fields["hour"], fields["weekday"], fields["month"]) == (
            local.date(), local.hour, iso.weekday, local.month,
        ), local  # fmt: skip
        assert fields["iso_week"] == f"{iso.year}-W{iso.week:02d}", local
        assert fields["quarter"] == f"{local.year}-Q{(local.month - 1) // 3 + 1}", local


def test_the_areas_grid_finds_the_areas_each_polygon_contains(boundaries: Boundaries) -> None:
    rng = np.random.default_rng(4)
    book, now = PlaceBook(boundaries), datetime.now(UTC)
    drawn = {}
    for n in range(300):
        x, y, size = 18.0 + rng.uniform(-0.3, 0.3), 59.3 + rng.uniform(-0.2, 0.2), rng.uniform(0.002, 0.05)
        area = Area(event_id=uuid.uuid4(), tenant="0180", occurred=now, published=now, area_id=f"a{n}",
                    name=f"A{n}", kind="hotspot", geometry=square(x, y, size, size / 2))  # fmt: skip
        book.apply_area(area)
        drawn[area.area_id] = shapely.geometry.shape(area.geometry)
    lat, lon = rng.uniform(59.05, 59.55, 20_000), rng.uniform(17.65, 18.35, 20_000)
    found = book.locate(Asks(np.full(20_000, "0180", dtype=object), lat, lon)).area_ids
    for n in range(20_000):
        here = shapely.Point(lon[n], lat[n])
        expected = sorted((g.area, i) for i, g in drawn.items() if g.intersects(here))
        assert found[n] == tuple(i for _, i in expected)
