"""An incident's cell at the resolution asked, as the warehouse computes it."""

from __future__ import annotations

import json
from pathlib import Path

import h3.api.numpy_int as h3_ids
import h3ronpy
import h3ronpy.vector as h3_vector
import numpy as np

from embrace.geo.cells import as_text, in_warehouse
from embrace.warehouse import Warehouse


def test_the_warehouse_s_coarser_cell_is_the_one_holding_the_fine_cell_s_centre(
    warehouse: Warehouse, data_dir: Path
) -> None:
    features = json.loads((data_dir / "geo" / "swedish_municipalities.geojson").read_text())["features"]
    kiruna = next(f for f in features if f["properties"]["id"] == "2584")  # the largest
    inside = np.asarray(h3_ids.geo_to_cells(kiruna["geometry"], 9), dtype=np.uint64)
    fine = np.unique(np.asarray(h3ronpy.grid_disk(inside, 1, flatten=True).to_numpy(), dtype=np.uint64))
    centres = h3_vector.cells_to_coordinates(fine)
    lat, lng = (np.asarray(centres.column(axis)) for axis in ("lat", "lng"))
    holding = np.asarray(h3_vector.coordinates_to_cells(lat, lng, 8), dtype=np.uint64)

    each = f"SELECT {in_warehouse(8)} FROM (SELECT arrayJoin({{fine:Array(UInt64)}}) AS h3_r9)"
    rows = warehouse.query(each, {"fine": fine.tolist()})
    assert fine.size > 100_000
    assert as_text([row[0] for row in rows]) == as_text(holding)
    assert in_warehouse(9) == "h3_r9"
