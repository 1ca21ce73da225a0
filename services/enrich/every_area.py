"""Every tenant's areas at once, for placing a batch of incidents in them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from embrace.geo.raster import Grid

_AREA_CELL_LAT, _AREA_CELL_LON = 0.0025, 0.005  # about 280 m: areas are often a few streets


@dataclass(frozen=True)
class EveryArea:
    """Every tenant's areas in one tree, smallest first, and a grid of the cells any of them touches:
    most incidents lie in no area at all, and the grid says so without a geometry test."""

    tree: STRtree
    tenant_of: NDArray[np.int64]
    id_of: list[str]
    grid: Grid
    touched: NDArray[np.bool_]

    @classmethod
    def of(cls, areas: list[tuple[float, int, str, BaseGeometry]]) -> EveryArea:
        geometries = np.array([g for *_, g in areas], dtype=object)
        bounds = shapely.bounds(geometries)
        grid = Grid.over(shapely.total_bounds(geometries), _AREA_CELL_LAT, _AREA_CELL_LON)
        return cls(STRtree(geometries), np.array([t for _, t, _, _ in areas]), [i for _, _, i, _ in areas],
                   grid, grid.touched(bounds))  # fmt: skip

    def containing(
        self, tenants: NDArray[np.object_], lat: NDArray[np.float64], lon: NDArray[np.float64]
    ) -> list[tuple[int, str]]:
        """(incident, area id) for every area of its own tenant that an incident lies in, smallest first."""
        cells = self.grid.cell_of(lat, lon)
        rows = np.flatnonzero((cells >= 0) & self.touched[cells])
        points = shapely.points(lon[rows], lat[rows])
        asked, hits = self.tree.query(points, predicate="intersects")
        mine = np.fromiter((int(t) for t in tenants[rows[asked]]), dtype=np.int64, count=len(asked))
        own = self.tenant_of[hits] == mine  # one tree for every tenant; each keeps its own areas
        asked, hits = asked[own], hits[own]
        order = np.lexsort((hits, asked))  # the tree is ordered by size: smallest first
        found = zip(rows[asked[order]].tolist(), hits[order].tolist(), strict=True)
        return [(i, self.id_of[h]) for i, h in found]
