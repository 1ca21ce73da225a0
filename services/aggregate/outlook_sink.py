"""The place outlook's table: one row per tenant, week, cell and category group, the latest computation
kept."""

from __future__ import annotations

from embrace.contracts import PlaceOutlook
from services.aggregate.sinks import TableSpec, same

PLACE_OUTLOOK: TableSpec[PlaceOutlook] = TableSpec("place_outlook", same(
    "tenant", "week", "as_of", "cell", "category_group", "lat", "lon", "incidents", "gi_z", "kind",
    "expected", "low", "high", "published",
))  # fmt: skip
