"""The weekly report as it is shown, archived and printed: the warehouse's report (report.py) with what the
SQL store adds to it: the partners that have not reported the week, and where to focus next week. The
schedule, the API, the web app and the CLI all make it here, so each shows the same report."""

from __future__ import annotations

from typing import Any

from embrace.sqlstore import SqlStore
from embrace.warehouse import Warehouse
from services.reporting.weekly.focus import focus
from services.reporting.weekly.partners import not_reported
from services.reporting.weekly.report import weekly_report


def weekly_body(sql_store: SqlStore, warehouse: Warehouse, tenant: str, week: str) -> dict[str, Any]:
    body = weekly_report(warehouse, tenant, week).as_json()
    with sql_store.session() as session:
        body["not_reported"] = not_reported(session, tenant, week)
    body["focus"] = focus(sql_store, warehouse, tenant, week)
    return body
