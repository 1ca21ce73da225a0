"""The kinds of scheduled report, each one spec: when a period is due, how its report is made (JSON, which
is archived), and how its page is drawn from that JSON for a subscriber."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from embrace.messages import Language
from embrace.naming import Names
from embrace.sqlstore import SqlStore
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from embrace.weeks import label
from services.reporting.quarterly.assembled import quarterly_body
from services.reporting.quarterly.page import render_quarterly
from services.reporting.quarterly.quarters import shift
from services.reporting.weekly.assembled import weekly_body
from services.reporting.weekly.page import render_html
from services.reporting.weekly.report import WeeklyReport

Body = dict[str, Any]


@dataclass(frozen=True)
class RunTime:
    weekday: int = 0  # Monday
    hour: int = 6


def due_week(now: datetime, zone: ZoneInfo, at: RunTime = RunTime()) -> str:
    """The week whose report is due at ``now``: last week once this week's run time has passed."""
    local = now.astimezone(zone)
    this_monday = local.date() - timedelta(days=local.weekday())
    run = datetime.combine(this_monday + timedelta(days=at.weekday), time(at.hour), zone)
    return label(this_monday - timedelta(days=7 if local >= run else 14))


def due_quarter(now: datetime, zone: ZoneInfo, at: RunTime = RunTime()) -> str:
    """The quarter whose analysis is due: the last one, from the first weekday of this quarter at the
    run hour."""
    local = now.astimezone(zone)
    current = f"{local.year}-Q{(local.month - 1) // 3 + 1}"
    first = date(local.year, 3 * ((local.month - 1) // 3) + 1, 1)
    while first.weekday() >= 5:
        first += timedelta(days=1)
    ready = local >= datetime.combine(first, time(at.hour), zone)
    return shift(current, -1 if ready else -2)


@dataclass(frozen=True)
class ReportKind:
    name: str
    due: Callable[[datetime, ZoneInfo, RunTime], str]
    make: Callable[[SqlStore, Warehouse, str, str, date], Body]  # the stores, tenant, period, today
    page: Callable[[Body, Taxonomy, Language, Names, bool], str]  # body, ..., the tenant's names, protect
    path: str  # the web app's page of a period


def _weekly(sql_store: SqlStore, warehouse: Warehouse, tenant: str, period: str, _today: date) -> Body:
    return weekly_body(sql_store, warehouse, tenant, period)


def _weekly_page(body: Body, taxonomy: Taxonomy, language: Language, names: Names, protect: bool) -> str:
    return render_html(WeeklyReport.from_json(body), taxonomy, language, names, protect=protect)


def _quarterly_page(body: Body, taxonomy: Taxonomy, language: Language, names: Names, protect: bool) -> str:
    return render_quarterly(body, taxonomy, language, names, protect=protect)


WEEKLY = ReportKind("weekly", due_week, _weekly, _weekly_page, "/app/lagesbild?week=")
QUARTERLY = ReportKind("quarterly", due_quarter, quarterly_body, _quarterly_page,
                       "/app/lagesbild/kvartal?quarter=")  # fmt: skip
KINDS = (WEEKLY, QUARTERLY)
