"""H3 cells as places to test: every cell of a municipality (its centre inside the boundary, empty ones
included), the ring-1 neighbourhood of each, and a finer cell's coarser one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import h3
import numpy as np
from numpy.typing import NDArray
from scipy import sparse

RESOLUTIONS = (8, 9)


def cells_of(geometry: dict[str, Any], resolution: int) -> list[str]:
    """The cells whose centre lies inside the (Multi)Polygon, sorted."""
    return sorted(h3.geo_to_cells(geometry, resolution))


def ring_one(cells: Sequence[str]) -> sparse.csr_array:
    """The binary neighbourhood of each cell among ``cells``: itself and its adjacent cells."""
    index = {cell: i for i, cell in enumerate(cells)}
    rows, cols = [], []
    for i, cell in enumerate(cells):
        for near in h3.grid_disk(cell, 1):
            j = index.get(near)
            if j is not None:
                rows.append(i)
                cols.append(j)
    ones = np.ones(len(rows))
    return sparse.csr_array((ones, (rows, cols)), shape=(len(cells), len(cells)))


def coarser(fine: Sequence[str], resolution: int) -> list[str]:
    """Each fine cell's cell at ``resolution``: the one holding the fine cell's centre (an incident's own
    point is within a fine cell's width of it)."""
    return [h3.latlng_to_cell(*h3.cell_to_latlng(cell), resolution) for cell in fine]


def counted(cells: Sequence[str], found: dict[str, int]) -> NDArray[np.float64]:
    """The count of each of ``cells`` (zero where none was found)."""
    return np.array([found.get(cell, 0) for cell in cells], dtype=float)
