"""A municipality's cells, the same as H3's own polygon fill; an incident's cell at the resolution asked, as
the warehouse computes it; counts laid on the cells."""

from __future__ import annotations

import json
from pathlib import Path

import h3.api.numpy_int as h3_ids
import h3ronpy
import h3ronpy.vector as h3_vector
import numpy as np
import pytest

from embrace.geo.cells import as_text, cell_ids_of, counted, in_warehouse, ring_one
from embrace.warehouse import Warehouse


def municipality(data_dir: Path, code: str) -> dict[str, object]:
    features = json.loads((data_dir / "geo" / "swedish_municipalities.geojson").read_text())["features"]
    return dict(next(f for f in features if f["properties"]["id"] == code)["geometry"])


@pytest.mark.parametrize(("code", "resolution"), [("2584", 8), ("0180", 9), ("1280", 9)])
def test_a_municipality_s_cells_are_those_h3_fills_its_boundary_with(
    data_dir: Path, code: str, resolution: int
) -> None:
    geometry = municipality(data_dir, code)  # Kiruna (the largest), Stockholm, Malmö
    h3_own = np.sort(np.asarray(h3_ids.geo_to_cells(geometry, resolution), dtype=np.uint64))
    np.testing.assert_array_equal(cell_ids_of(geometry, resolution), h3_own)


def neighbours_the_slow_way(cells: list[int]) -> list[list[int]]:
    where = {cell: n for n, cell in enumerate(cells)}
    return [sorted(where[near] for near in h3_ids.grid_disk(cell, 1) if near in where) for cell in cells]


def neighbours(ring: object, cells: int) -> list[list[int]]:
    return [sorted(ring[[n]].indices.tolist()) for n in range(cells)]  # type: ignore[index]


def test_each_cell_s_ring_is_itself_and_those_of_its_neighbours_among_the_cells(data_dir: Path) -> None:
    cells = cell_ids_of(municipality(data_dir, "0180"), 8)  # Stockholm: its edge cells miss neighbours
    ring = ring_one(cells)
    assert neighbours(ring, cells.size) == neighbours_the_slow_way(cells.tolist())
    assert ring.sum() < 7 * cells.size
    assert set(ring.data) == {1.0}
    assert ring.has_sorted_indices
    shuffled = np.random.default_rng(1).permutation(cells)  # cells given as text, in any order
    assert neighbours(ring_one(as_text(shuffled)), cells.size) == neighbours_the_slow_way(shuffled.tolist())


def test_a_pentagon_s_ring_has_five_neighbours() -> None:
    pentagon = h3_ids.get_pentagons(8)[0]
    cells = np.sort(np.asarray(h3_ids.grid_disk(pentagon, 2), dtype=np.uint64))
    ring = ring_one(cells)
    assert neighbours(ring, cells.size) == neighbours_the_slow_way(cells.tolist())
    assert ring[[int(np.searchsorted(cells, pentagon))]].sum() == 6
    assert ring_one(cells[:0]).shape == (0, 0)


def test_counts_land_on_their_cells_and_cells_without_any_count_zero() -> None:
    cells = np.array([10, 20, 30, 40], dtype=np.uint64)
    found = np.array([40, 5, 20, 99], dtype=np.uint64)  # 5 and 99 are beyond the municipality
    assert counted(cells, found, np.array([4, 7, 2, 9])).tolist() == [0.0, 2.0, 0.0, 4.0]
    assert counted(cells[:0], found, np.array([4, 7, 2, 9])).tolist() == []


def test_the_warehouse_s_coarser_cell_is_the_one_holding_the_fine_cell_s_centre(
    warehouse: Warehouse, data_dir: Path
) -> None:
    inside = cell_ids_of(municipality(data_dir, "2584"), 9)  # Kiruna, the largest
    fine = np.unique(np.asarray(h3ronpy.grid_disk(inside, 1, flatten=True).to_numpy(), dtype=np.uint64))
    centres = h3_vector.cells_to_coordinates(fine)
    lat, lng = (np.asarray(centres.column(axis)) for axis in ("lat", "lng"))
    holding = np.asarray(h3_vector.coordinates_to_cells(lat, lng, 8), dtype=np.uint64)

    each = f"SELECT {in_warehouse(8)} FROM (SELECT arrayJoin({{fine:Array(UInt64)}}) AS h3_r9)"
    rows = warehouse.query(each, {"fine": fine.tolist()})
    assert fine.size > 100_000
    assert as_text([row[0] for row in rows]) == as_text(holding)
    assert in_warehouse(9) == "h3_r9"
