"""A regular grid over polygons, so that most points are placed by arithmetic instead of a geometry test.

A cell that no polygon boundary touches lies wholly inside one polygon, or wholly outside them all: a
point in it belongs where the cell's centre does, found once when the grid is built. Only points in
cells a boundary crosses (and outside the grid) need the exact test. The grid is an accelerator, never
a rule of its own: every answer it gives is the one the exact test would give.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray

EXACT = -2  # the cell needs the exact test
_MARGIN = 1e-9  # degrees: a boundary this close to a cell counts as touching it (rounding of the cell index)


@dataclass(frozen=True)
class Grid:
    south: float
    west: float
    step_lat: float
    step_lon: float
    rows: int
    cols: int

    @classmethod
    def over(cls, bounds: NDArray[np.float64], step_lat: float, step_lon: float) -> Grid:
        west, south, east, north = (float(b) for b in bounds)
        rows = max(1, int(np.ceil((north - south) / step_lat)))
        cols = max(1, int(np.ceil((east - west) / step_lon)))
        return cls(south, west, step_lat, step_lon, rows, cols)

    def cell_of(self, lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.int64]:
        """Each point's cell as a flat index; -1 outside the grid or without coordinates."""
        with np.errstate(invalid="ignore"):
            row = np.floor((lat - self.south) / self.step_lat)
            col = np.floor((lon - self.west) / self.step_lon)
            inside = (row >= 0) & (row < self.rows) & (col >= 0) & (col < self.cols)
        flat = np.where(inside, row * self.cols + col, -1)
        return np.nan_to_num(flat, nan=-1).astype(np.int64)

    def centres(self, cells: NDArray[np.int64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        row, col = np.divmod(cells, self.cols)
        return self.south + (row + 0.5) * self.step_lat, self.west + (col + 0.5) * self.step_lon

    def touched(self, bounds: NDArray[np.float64]) -> NDArray[np.bool_]:
        """Cells that boxes (rows of west, south, east, north) touch, as a flat mask."""
        mask = np.zeros(self.rows * self.cols, dtype=bool)
        r0, c0 = self._index(bounds[:, 1] - _MARGIN, bounds[:, 0] - _MARGIN)
        r1, c1 = self._index(bounds[:, 3] + _MARGIN, bounds[:, 2] + _MARGIN)
        small = (r1 - r0 <= 1) & (c1 - c0 <= 1)
        for r, c in ((r0, c0), (r0, c1), (r1, c0), (r1, c1)):  # boxes spanning at most 2 x 2 cells
            mask[r[small] * self.cols + c[small]] = True
        for a, b, c, d in zip(r0[~small], r1[~small], c0[~small], c1[~small], strict=True):
            mask.reshape(self.rows, self.cols)[a : b + 1, c : d + 1] = True
        return mask

    def _index(self, lat: NDArray[np.float64], lon: NDArray[np.float64]) -> tuple[NDArray[np.int64], ...]:
        row = np.clip(np.floor((lat - self.south) / self.step_lat), 0, self.rows - 1).astype(np.int64)
        col = np.clip(np.floor((lon - self.west) / self.step_lon), 0, self.cols - 1).astype(np.int64)
        return row, col


Locate = Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.int64]]


def pure_cells(grid: Grid, polygons: NDArray[np.object_], locate: Locate) -> NDArray[np.int64]:
    """For every cell, the position of the polygon that wholly contains it, or EXACT.

    A run of untouched cells along a row is connected and free of boundaries, so one exact lookup of
    its first cell's centre (``locate``) places the whole run. A run outside every polygon is EXACT:
    what lies outside (lakes, the sea off the coast) has rules of its own."""
    segments = _segments(polygons, min(grid.step_lat, grid.step_lon) / 2)
    free = ~grid.touched(segments)
    starts = free & ~np.concatenate(([False], free[:-1]))
    starts[:: grid.cols] = free[:: grid.cols]  # a run never continues onto the next row
    run = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    found = locate(*grid.centres(first))
    placed = np.where(found >= 0, found, EXACT)
    return np.where(free, placed[np.clip(run, 0, None)] if len(first) else EXACT, EXACT)


def _segments(polygons: NDArray[np.object_], longest: float) -> NDArray[np.float64]:
    """Every edge of every ring, cut no longer than ``longest``, as rows of west, south, east, north."""
    rings = shapely.get_parts(shapely.boundary(shapely.segmentize(polygons, longest)))
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    a, b = coords[:-1][same], coords[1:][same]
    return np.column_stack((np.minimum(a[:, 0], b[:, 0]), np.minimum(a[:, 1], b[:, 1]),
                            np.maximum(a[:, 0], b[:, 0]), np.maximum(a[:, 1], b[:, 1])))  # fmt: skip
