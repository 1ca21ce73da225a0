"""A tenant's place outlook for the week after ``as_of``: every resolution-8 cell with incidents in the
year before (its expected count and interval) or a tested hot or cold spot of the four weeks to
``as_of``, as messages for the dashboards. Once over all categories (group '') and once per category
group, each with its own model and test, so a map can follow the group chosen."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, get_args

from embrace.contracts import PlaceOutlook
from embrace.contracts.enriched import CategoryGroup
from embrace.geo.cells import centre
from embrace.sqlstore import SqlStore
from embrace.warehouse import Warehouse
from embrace.weeks import shift
from services.reporting.forecast.predicted import predicted
from services.reporting.hotspots.tested import Asked, NoBoundary, hotspots

HOT_WEEKS = 4


def outlook(sql_store: SqlStore, warehouse: Warehouse, tenant: str, as_of: str,
            now: datetime) -> list[PlaceOutlook]:  # fmt: skip
    return [o for group in ("", *get_args(CategoryGroup))
            for o in _of_group(sql_store, warehouse, tenant, as_of, now, group)]  # fmt: skip


def _of_group(sql_store: SqlStore, warehouse: Warehouse, tenant: str, as_of: str, now: datetime,
              group: str) -> list[PlaceOutlook]:  # fmt: skip
    groups = [group] if group else []
    expected = {p["place"]: p for p in predicted(warehouse, [tenant], as_of, 1, "8", groups)["places"]}
    asked = Asked(shift(as_of, 1 - HOT_WEEKS), as_of, 8, [], groups)
    with sql_store.session() as session:
        try:
            tested = {c["cell"]: c for c in hotspots(session, warehouse, tenant, asked)}
        except NoBoundary:
            tested = {}
    cells = set(expected) | {c for c, t in tested.items() if t["kind"] or t["count"]}
    week = shift(as_of, 1)
    return [
        _message(tenant, week, as_of, cell, group, expected.get(cell), tested.get(cell), now)
        for cell in sorted(cells)
    ]


def _message(tenant: str, week: str, as_of: str, cell: str, group: str, forecast: dict[str, Any] | None,
             test: dict[str, Any] | None, now: datetime) -> PlaceOutlook:  # fmt: skip
    return PlaceOutlook(
        event_id=uuid.uuid5(uuid.NAMESPACE_URL, f"embrace/outlook/{tenant}/{week}/{cell}/{group}"),
        tenant=tenant, occurred=now, published=now, week=week, as_of=as_of, cell=cell, category_group=group,
        **centre(cell),
        incidents=test["count"] if test else 0, gi_z=test["gi_z"] if test else None,
        kind=test["kind"] if test else "",
        expected=forecast["expected"] if forecast else None, low=forecast["low"] if forecast else None,
        high=forecast["high"] if forecast else None,
    )  # fmt: skip
