"""A tenant's own areas, nested (district > neighbourhood > hot spot): which contain a point, and their
lineage. Enrich assigns areas to new incidents with this; aggregate re-assigns stored ones with the same
code when an area is drawn or redrawn, so both always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from embrace.geo.polygons import centre_of, polygonal

# How far a child may stick out of its parent and still be "within" it: boundaries drawn by hand in
# different tools rarely share every vertex. About 25 m, in degrees of latitude.
NESTING_TOLERANCE_DEG = 0.00025
NESTING_SHARE = 0.01  # ... and at most this share of the child's own area may lie outside


@dataclass(frozen=True)
class TenantArea:
    area_id: str
    name: str
    parent: str | None
    geometry: BaseGeometry

    @classmethod
    def of(cls, area_id: str, name: str, parent: str | None, geometry: Mapping[str, Any]) -> TenantArea:
        return cls(area_id, name, parent, polygonal(geometry))

    @cached_property  # darkness is judged here for every incident reported by area only
    def centre(self) -> tuple[float, float]:
        return centre_of(self.geometry)


class AreaIndex:
    """Every area of one tenant. Containing areas come smallest first: the first is the primary one."""

    def __init__(self, areas: Iterable[TenantArea]) -> None:
        self._by_id = {a.area_id: a for a in areas}
        self._all = sorted(self._by_id.values(), key=lambda a: (a.geometry.area, a.area_id))
        self._tree = STRtree([a.geometry for a in self._all]) if self._all else None

    def __bool__(self) -> bool:
        return bool(self._all)

    def __contains__(self, area_id: object) -> bool:
        return area_id in self._by_id

    def containing(self, lats: NDArray[np.float64], lons: NDArray[np.float64]) -> list[list[str]]:
        """For each point, the ids of the areas it lies in (on a boundary counts as in), smallest first."""
        found: list[list[str]] = [[] for _ in range(len(lats))]
        if self._tree is None or not len(lats):
            return found
        points = shapely.points(lons, lats)
        inputs, hits = self._tree.query(points, predicate="intersects")
        # The tree's order is by size, so sorting hits by (input, position) lists each point's smallest first.
        order = np.lexsort((hits, inputs))
        for i, h in zip(inputs[order], hits[order], strict=True):
            found[int(i)].append(self._all[int(h)].area_id)
        return found

    def covering_most(self, shape: BaseGeometry) -> str | None:
        """The area covering the largest part of ``shape``, if any covers some of it."""
        if self._tree is None:
            return None
        covered = [(self._all[int(i)].geometry.intersection(shape).area, self._all[int(i)].area_id)
                   for i in self._tree.query(shape, predicate="intersects")]  # fmt: skip
        share, area_id = max(covered, default=(0.0, None))
        return area_id if share > 0 else None

    def lineage(self, area_id: str) -> list[str]:
        """The area and its ancestors, smallest first; an unknown id stands alone."""
        chain: list[str] = []
        current: str | None = area_id
        while current is not None and current not in chain:
            chain.append(current)
            area = self._by_id.get(current)
            current = area.parent if area is not None else None
        return chain

    def centroid(self, area_id: str) -> tuple[float, float] | None:
        """(lat, lon) of a point inside the area."""
        area = self._by_id.get(area_id)
        return area.centre if area is not None else None


def nesting_problems(areas: Mapping[str, TenantArea]) -> dict[str, str]:
    """Area id -> what is wrong with its parent: unknown, a cycle, or the area is not within it."""
    problems: dict[str, str] = {}
    index = AreaIndex(areas.values())
    for area in areas.values():
        if area.parent is None:
            continue
        parent = areas.get(area.parent)
        if parent is None:
            problems[area.area_id] = f"the parent {area.parent!r} is not one of the tenant's areas"
        elif area.area_id in index.lineage(area.parent):
            problems[area.area_id] = f"the parent {area.parent!r} lies within this area (a cycle)"
        elif not within(area.geometry, parent.geometry):
            problems[area.area_id] = f"the area is not within its parent {area.parent!r}"
    return problems


def within(child: BaseGeometry, parent: BaseGeometry) -> bool:
    outside = child.difference(parent.buffer(NESTING_TOLERANCE_DEG))
    return bool(outside.area <= NESTING_SHARE * child.area)
