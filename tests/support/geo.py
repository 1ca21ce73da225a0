"""The real Swedish boundaries of the shared data, as enrich and the tests use them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from embrace.geo.boundaries import Boundaries, Municipality
from embrace.geo.polygons import polygonal
from services.cli.geo_commands import read_boundaries


@cache
def real_boundaries(data_dir: Path) -> Boundaries:
    records = read_boundaries(data_dir / "geo" / "swedish_municipalities.geojson", "municipality")
    return Boundaries(
        Municipality(r.code, r.name, polygonal(r.geometry or {}), r.county_code) for r in records
    )
