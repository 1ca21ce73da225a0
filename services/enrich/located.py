"""A batch of places as enrich sees them, as columns: what the incidents say, and what was made of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import get_args

import numpy as np
from h3ronpy.vector import coordinates_to_cells
from numpy.typing import NDArray

from embrace.contracts.enriched import LocationPrecision
from embrace.contracts.fields import GeoPoint

H3_RESOLUTIONS = (7, 9)
PRECISIONS: tuple[LocationPrecision, ...] = get_args(LocationPrecision)
POINT, ADDRESS = PRECISIONS.index("point"), PRECISIONS.index("address")


@dataclass(frozen=True)
class Ask:
    """Where one incident says it happened."""

    tenant: str
    point: GeoPoint | None = None
    text: str | None = None
    area_id: str | None = None
    municipality: str | None = None  # who says so (police notices); else the point or the tenant decides
    precision: LocationPrecision | None = None  # given by the source (police notices)

    @property
    def plain(self) -> bool:
        """A point and nothing more: placed by arrays alone."""
        said = (self.text, self.area_id, self.precision)
        return self.point is not None and all(s is None for s in said)


@dataclass(frozen=True)
class Asks:
    """Where a batch of incidents says they happened: each one's tenant and point (NaN for none) as
    columns; the few that say more (text, a chosen area, a source's own precision, no point) by position."""

    tenant: NDArray[np.object_]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    said: dict[int, Ask] = field(default_factory=dict)

    @classmethod
    def of(cls, asks: Sequence[Ask]) -> Asks:
        nan = float("nan")
        return cls(
            np.array([a.tenant for a in asks], dtype=object),
            np.array([a.point.lat if a.point else nan for a in asks], dtype=np.float64),
            np.array([a.point.lon if a.point else nan for a in asks], dtype=np.float64),
            {n: a for n, a in enumerate(asks) if not a.plain},
        )

    def __len__(self) -> int:
        return len(self.lat)


@dataclass
class Located:
    """One entry per incident, in input order."""

    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    precision: NDArray[np.int8]  # a position in PRECISIONS
    area_ids: list[tuple[str, ...]]
    municipality: NDArray[np.object_]  # str | None
    county: NDArray[np.object_]
    flags: dict[int, list[str]]  # only incidents with a flag
    h3: tuple[NDArray[np.uint64], NDArray[np.uint64]]  # 0 for none
    outside: NDArray[np.bool_]  # a point the boundaries place in no municipality: not in Sweden
    sun_lat: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))  # where darkness is judged
    sun_lon: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    def point(self, n: int) -> GeoPoint | None:
        if np.isnan(self.lat[n]):
            return None
        # Coordinates that came in as a valid point (or from the gazetteer and the geocoder): no revalidation.
        return GeoPoint.model_construct(lat=float(self.lat[n]), lon=float(self.lon[n]))

    def cells(self, n: int) -> tuple[str | None, str | None]:
        coarse, fine = self._cell_labels
        return coarse[n], fine[n]

    @cached_property
    def _cell_labels(self) -> tuple[list[str | None], list[str | None]]:
        coarse, fine = ([f"{c:x}" if c else None for c in column.tolist()] for column in self.h3)
        return coarse, fine


def cells(
    lat: NDArray[np.float64], lon: NDArray[np.float64], precision: NDArray[np.int8]
) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """H3 cells of resolved places only: never of an area's, a municipality's or a county's centre.

    Each resolution is computed from the point: a point's cell at 7 is not always the parent of its
    cell at 9 (children do not tile their parent exactly), and ClickHouse's geoToH3 would disagree."""
    resolved = np.flatnonzero(((precision == POINT) | (precision == ADDRESS)) & ~np.isnan(lat))
    made = []
    for resolution in H3_RESOLUTIONS:
        column = np.zeros(len(lat), dtype=np.uint64)
        if resolved.size:
            column[resolved] = np.asarray(coordinates_to_cells(lat[resolved], lon[resolved], resolution))
        made.append(column)
    return made[0], made[1]
