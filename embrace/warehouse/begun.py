"""When a tenant began reporting: the day of its first incident, imported history included.

Before that day the tenant was not reporting, so its weeks are not quiet weeks but unknown ones. Every
comparison with the past starts there: the weekly report's baseline and "same week last year", the
quarterly analysis's expected counts, spike alerts' first weeks, an intervention's year-earlier
comparison, and emerging hot spots' weeks. (The forecast reads the same rule off the series it holds,
and Grafana's Lägesbild in its SQL.)

A first incident only moves earlier: history is imported, never taken back.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from embrace.warehouse.connection import Warehouse

FIRST_DAYS = """
SELECT tenant, min(local_date) FROM {db}.current_incidents
WHERE (NOT {some:Bool} OR tenant IN {tenants:Array(String)}) AND NOT is_summary GROUP BY tenant
"""


def first_days(warehouse: Warehouse, tenants: Collection[str] | None = None) -> dict[str, date]:
    """Each tenant's first day with an incident; ``None`` asks for every tenant. A tenant without
    incidents is absent."""
    asked = {"some": tenants is not None, "tenants": sorted(tenants or ())}
    return dict(warehouse.query(FIRST_DAYS, asked))


def began(warehouse: Warehouse, tenants: Collection[str] | None = None) -> date | None:
    """The first day any of ``tenants`` (every tenant, for ``None``) reported an incident; ``None`` if
    none has."""
    return min(first_days(warehouse, tenants).values(), default=None)
