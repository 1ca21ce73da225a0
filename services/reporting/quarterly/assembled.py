"""The quarterly analysis as it is shown and archived: the warehouse's analysis (report.py), with what the
SQL store adds to it: the emerging patterns per area, and how regularly each partner reported the quarter's
weeks, without which a partner's fall in incidents cannot be told from its silence."""

from __future__ import annotations

from datetime import date
from typing import Any

from embrace.sqlstore import SqlStore
from embrace.warehouse import Warehouse
from embrace.weeks import label, reported_through, through
from services.reporting.quarterly.emerging_areas import emerging_by_area
from services.reporting.quarterly.quarters import days
from services.reporting.quarterly.report import quarterly_report
from services.reporting.weekly.partners import reported_weeks, weeks_with_nothing


def quarterly_body(sql_store: SqlStore, warehouse: Warehouse, tenant: str, quarter: str,
                   today: date) -> dict[str, Any]:  # fmt: skip
    analysis = quarterly_report(warehouse, tenant, quarter, today)
    analysis["emerging"] = emerging_by_area(sql_store, warehouse, tenant, quarter, today)
    analysis["reporting"] = partners_reporting(sql_store, tenant, quarter, today)
    return analysis


def partners_reporting(sql_store: SqlStore, tenant: str, quarter: str, today: date) -> dict[str, Any]:
    """Of the quarter's weeks reported so far (each with a day in the quarter), how many each partner
    reported, and in how many of those it said it had nothing to report."""
    first, last = days(quarter)
    weeks = through(label(first), label(min(last, reported_through(today))))
    with sql_store.session() as session:
        record = reported_weeks(session, tenant, weeks)
    partners = [{"organisation": slug, "reported": len(sent), "nothing": weeks_with_nothing(sent)}
                for slug, sent in record.items()]  # fmt: skip
    partners.sort(key=lambda p: (p["reported"], p["organisation"]))  # the least regular first
    return {"weeks": len(weeks), "partners": partners}
