"""Weekly runs whose results go on the bus for the dashboards rather than into a mail: each
intervention's effect as of today, and each tenant's place outlook for next week. Each is archived as
a run once per tenant and week, with its records put on the outbox in the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from embrace.record import Record
from embrace.sqlstore import SqlStore
from embrace.topics import INTERVENTION_EFFECTS, PLACE_OUTLOOK
from embrace.warehouse import Warehouse
from services.reporting.delivery.kinds import Body
from services.reporting.effects.follow_up import follow_up
from services.reporting.hotspots.outlook import outlook

Made = tuple[Body, list[Record]]


def effects(_sql_store: SqlStore, warehouse: Warehouse, tenant: str, _week: str, today: date) -> Made:
    found = follow_up(warehouse, tenant, today)
    return {"interventions": [str(e.intervention_id) for e in found]}, [
        INTERVENTION_EFFECTS.record(e) for e in found
    ]


def place_outlook(sql_store: SqlStore, warehouse: Warehouse, tenant: str, week: str, _today: date) -> Made:
    found = outlook(sql_store, warehouse, tenant, week, datetime.now(UTC))
    return {"cells": len(found)}, [PLACE_OUTLOOK.record(o) for o in found]


PUBLISHED: dict[str, Callable[[SqlStore, Warehouse, str, str, date], Made]] = {
    "effects": effects,
    "outlook": place_outlook,
}
