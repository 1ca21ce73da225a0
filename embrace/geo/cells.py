"""H3 cells as places to test: every cell of a municipality (its centre inside the boundary, empty ones
included), the ring-1 neighbourhood of each, and an incident's cell at the resolution asked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import h3
import h3.api.numpy_int as h3_ids
import h3ronpy
import numpy as np
from numpy.typing import NDArray
from scipy import sparse

RESOLUTIONS = (8, 9)


def cells_of(geometry: dict[str, Any], resolution: int) -> list[str]:
    """The cells whose centre lies inside the (Multi)Polygon, sorted (as text, which sorts as the ids do)."""
    ids = np.sort(np.asarray(h3_ids.geo_to_cells(geometry, resolution), dtype=np.uint64))
    return list(h3ronpy.cells_to_string(ids).to_pylist())


def ring_one(cells: Sequence[str]) -> sparse.csr_array:
    """The binary neighbourhood of each cell among ``cells``: itself and its adjacent cells."""
    ids = np.asarray(h3ronpy.cells_parse(list(cells)), dtype=np.uint64)
    disks = np.asarray(h3ronpy.grid_disk(ids, 1, flatten=True).to_numpy(), dtype=np.uint64)
    if disks.size == 7 * ids.size:  # no pentagon among them: every disk is the cell and its six
        rows = np.repeat(np.arange(ids.size), 7)
        near = disks
    else:
        pairs = [(i, h3.str_to_int(n)) for i, c in enumerate(cells) for n in h3.grid_disk(c, 1)]
        rows = np.array([i for i, _ in pairs])
        near = np.array([n for _, n in pairs], dtype=np.uint64)
    order = np.argsort(ids)
    found = np.searchsorted(ids, near, sorter=order).clip(max=ids.size - 1)
    cols = order[found]
    inside = ids[cols] == near  # neighbours beyond the municipality are not among its cells
    ones = np.ones(int(inside.sum()))
    return sparse.csr_array((ones, (rows[inside], cols[inside])), shape=(ids.size, ids.size))


def in_warehouse(resolution: int) -> str:
    """The warehouse's expression for an incident's cell of ``resolution``, from its stored
    resolution-9 cell ``h3_r9``. A resolution-8 cell is the parent, which is also the cell holding the
    fine cell's centre (an incident's own point is within a fine cell's width of it): one level up, H3's
    children have their centres inside the parent (``test_cells`` checks it on a municipality; every
    one of Sweden's 6.3 million resolution-9 cells and their neighbours agrees)."""
    if resolution not in RESOLUTIONS:
        raise ValueError(f"cells of resolution {resolution}: only {RESOLUTIONS} are kept")
    return "h3_r9" if resolution == 9 else f"h3ToParent(h3_r9, {resolution})"


def as_text(ids: Sequence[int] | NDArray[np.uint64]) -> list[str]:
    """Cells as the text the API shows (vectorised, for the millions of cells of a region)."""
    if len(ids) == 0:
        return []
    return list(h3ronpy.cells_to_string(np.asarray(ids, dtype=np.uint64)).to_pylist())


def counted(cells: Sequence[str], found: Mapping[str, int]) -> NDArray[np.float64]:
    """The count of each of ``cells`` (zero where none was found)."""
    return np.array([found.get(cell, 0) for cell in cells], dtype=float)


def centre(cell: str) -> dict[str, float]:
    """The cell's centre, rounded to about a metre."""
    lat, lon = h3.cell_to_latlng(cell)
    return {"lat": round(lat, 5), "lon": round(lon, 5)}
