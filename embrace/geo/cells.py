"""H3 cells as places to test: every cell of a municipality (its centre inside the boundary, empty ones
included), the ring-1 neighbourhood of each, and an incident's cell at the resolution asked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import h3
import h3.api.numpy_int as h3_ids
import h3ronpy
import h3ronpy.vector
import numpy as np
import scipy
from h3ronpy import ContainmentMode
from numpy.typing import NDArray
from shapely.geometry import Polygon

from embrace.geo.areas import AreaIndex

RESOLUTIONS = (8, 9)


def cell_ids_of(geometry: dict[str, Any], resolution: int) -> NDArray[np.uint64]:
    """The cells whose centre lies inside the (Multi)Polygon, as sorted ids. h3ronpy (h3o) fills a
    region's boundaries three times as fast as h3-py, and gives the same cells: all 876,402 of Sweden's
    290 municipalities at resolution 8 and all 6,134,554 at resolution 9 (bench/where_next.py's store)."""
    found = h3ronpy.vector.geometry_to_cells(geometry, resolution, ContainmentMode.ContainsCentroid)
    return np.sort(np.asarray(found, dtype=np.uint64))


def cells_of(geometry: dict[str, Any], resolution: int) -> list[str]:
    """The cells whose centre lies inside the (Multi)Polygon, sorted (as text, which sorts as the ids do)."""
    return as_text(cell_ids_of(geometry, resolution))


def ring_one(cells: Sequence[str] | NDArray[np.uint64]) -> scipy.sparse.csr_array:
    """The binary neighbourhood of each of ``cells`` (text or ids) among them: itself and its adjacent
    cells."""
    ids = cells if isinstance(cells, np.ndarray) else np.asarray(h3ronpy.cells_parse(list(cells)), np.uint64)
    disks = np.asarray(h3ronpy.grid_disk(ids, 1, flatten=True).to_numpy(), dtype=np.uint64)
    if disks.size == 7 * ids.size:  # no pentagon among them: every disk is the cell and its six
        sizes = np.full(ids.size, 7)
    else:
        listed = [h3_ids.grid_disk(c, 1) for c in ids.tolist()]
        sizes = np.array([len(disk) for disk in listed])
        disks = np.concatenate(listed).astype(np.uint64)
    # A hash look-up of each neighbour among the cells: a third of the time of a binary search. pandas
    # loads here, not with the module: it costs every process that merely serves pages half a second.
    import pandas as pd

    cols = pd.Index(ids).get_indexer(disks)
    inside = cols >= 0  # neighbours beyond the municipality are not among its cells
    kept = np.add.reduceat(inside, np.r_[0, np.cumsum(sizes)[:-1]]) if ids.size else sizes
    indptr = np.r_[0, np.cumsum(kept)]
    ring = scipy.sparse.csr_array(
        (np.ones(int(indptr[-1])), cols[inside], indptr), shape=(ids.size, ids.size)
    )
    # Columns in order within each row (30 ms for all of Sweden): sums over a ring then add up in the
    # same order whatever the disks' order, so equal scores stay equal to the last bit.
    ring.sort_indices()
    return ring


def in_warehouse(resolution: int) -> str:
    """The warehouse's expression for an incident's cell of ``resolution``, from its stored
    resolution-9 cell ``h3_r9``. A resolution-8 cell is the parent, which is also the cell holding the
    fine cell's centre (an incident's own point is within a fine cell's width of it): one level up, H3's
    children have their centres inside the parent (``test_cells`` checks it on a municipality; every
    one of Sweden's 6.3 million resolution-9 cells and their neighbours agrees)."""
    if resolution not in RESOLUTIONS:
        raise ValueError(f"cells of resolution {resolution}: only {RESOLUTIONS} are kept")
    return "h3_r9" if resolution == 9 else f"h3ToParent(h3_r9, {resolution})"


def text_in_warehouse(column: str) -> str:
    """The warehouse's expression for a stored cell as the text the API, the contracts and H3 itself
    write (15 hex digits). ``hex()`` pads a UInt64 to 16 digits, whose first is always 0 for a cell (its
    top bit is reserved and its mode is 1); ``h3ToString`` would do, but refuses the 0 that stands for
    no cell, which an ``if`` does not keep from it."""
    return f"substring(lower(hex({column})), 2)"


def as_text(ids: Sequence[int] | NDArray[np.uint64]) -> list[str]:
    """Cells as the text the API shows (vectorised, for the millions of cells of a region)."""
    if len(ids) == 0:
        return []
    return list(h3ronpy.cells_to_string(np.asarray(ids, dtype=np.uint64)).to_pylist())


def counted(
    cells: NDArray[np.uint64], found: NDArray[np.uint64], counts: NDArray[Any]
) -> NDArray[np.float64]:
    """The count of each of ``cells`` (sorted ids), zero where ``found`` (ids with their ``counts``) has
    none; found cells outside ``cells`` are left out."""
    if not cells.size:
        return np.zeros(0)
    at = np.searchsorted(cells, found).clip(max=cells.size - 1)
    inside = cells[at] == found
    return np.bincount(at[inside], weights=counts[inside].astype(float), minlength=cells.size).astype(float)


def centre(cell: str) -> dict[str, float]:
    """The cell's centre, rounded to about a metre."""
    lat, lon = h3.cell_to_latlng(cell)
    return {"lat": round(lat, 5), "lon": round(lon, 5)}


def hexagon(cell: str) -> Polygon:
    return Polygon([(lon, lat) for lat, lon in h3.cell_to_boundary(cell)])


def areas_of(index: AreaIndex, cells: Sequence[str]) -> list[str]:
    """The area each cell is read as part of: the smallest holding its centre, or else the one covering
    most of it (an area smaller than a cell, a cell across an area's edge); '' touching none."""
    centres = [h3.cell_to_latlng(cell) for cell in cells]
    lats, lons = (np.array([c[k] for c in centres], dtype=float) for k in (0, 1))
    return [inside[0] if inside else index.covering_most(hexagon(cell)) or ""
            for cell, inside in zip(cells, index.containing(lats, lons), strict=True)]  # fmt: skip
