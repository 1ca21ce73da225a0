"""A tenant's incidents as they stand, for its own analysis: CSV or GeoJSON.

Two rules hold whoever asks. A place is given only as precisely as it is known: an incident placed by
its municipality or county (police notices) or by its area has no point, only those names. And what
people wrote (description, address) goes only to the organisation that wrote it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from embrace.geo.cells import text_in_warehouse
from embrace.warehouse import Warehouse

COLUMNS = (
    "report_id", "report_version", "incident_index", "organisation", "source", "category", "category_group",
    "time_start", "time_end", "time_precision", "local_date", "iso_week", "weekday", "hour", "part_of_day",
    "is_dark", "holiday", "location_precision", "lat", "lon", "area_id", "area_ids", "municipality_code",
    "county_code", "h3_r7", "h3_r9", "police_reported", "flags", "description", "address",
)  # fmt: skip
_RESOLVED = "location_precision IN ('point', 'address')"
_OWN = "organisation = {organisation:String}"
_EXPRESSIONS = {
    "lat": f"if({_RESOLVED}, lat, NULL)",
    "lon": f"if({_RESOLVED}, lon, NULL)",
    "h3_r7": f"if({_RESOLVED} AND h3_r7 != 0, {text_in_warehouse('h3_r7')}, '')",
    "h3_r9": f"if({_RESOLVED} AND h3_r9 != 0, {text_in_warehouse('h3_r9')}, '')",
    "description": f"if({_OWN}, description, '')",
    "address": f"if({_OWN}, address, '')",
}
EXPORT = f"""
SELECT {", ".join(f"{_EXPRESSIONS.get(c, c)} AS {c}" for c in COLUMNS)}
FROM {{db}}.current_incidents
WHERE tenant = {{tenant:String}} AND iso_week >= {{first:String}} AND iso_week <= {{last:String}}
ORDER BY time_start, report_id, incident_index
"""


def export_rows(
    warehouse: Warehouse, tenant: str, organisation: str, first: str, last: str
) -> list[dict[str, Any]]:
    parameters = {"tenant": tenant, "organisation": organisation, "first": first, "last": last}
    return [dict(zip(COLUMNS, row, strict=True)) for row in warehouse.query(EXPORT, parameters)]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


def as_csv(rows: Sequence[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["|".join(v) if isinstance(v, list) else _plain(v) for v in row.values()])
    return out.getvalue()


def as_geojson(rows: Sequence[dict[str, Any]]) -> str:
    """A FeatureCollection; an incident without a point it may show has no geometry (RFC 7946 3.2)."""
    features = [
        {
            "type": "Feature",
            "geometry": None
            if row["lat"] is None
            else {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": {k: _plain(v) for k, v in row.items() if k not in ("lat", "lon")},
        }
        for row in rows
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
