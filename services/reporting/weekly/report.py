"""The weekly situation report of a tenant: what happened last week against the weeks before, where and
when, the alerts, who does what (interventions), how safe people feel, and what the report rests on.

Its JSON is the report; the HTML, PDF and mail are made from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from pydantic import TypeAdapter

from embrace.warehouse import Warehouse
from embrace.warehouse.begun import began
from embrace.weeks import label, monday_of
from services.reporting.outlines import outlines
from services.reporting.weekly import queries as q
from services.reporting.weekly.comparison import Compared, Weeks, compared, flagged, table, totals

DIMENSIONS = ("category_group", "category", "area", "source", "tenant")
REGION = ""  # the tenant of a regional report: every tenant


@dataclass(frozen=True)
class Times:
    hour_weekday: list[list[int]]  # 7 rows, Monday first, of 24 hours
    part_of_day: dict[str, int]
    dark_share: float | None  # of incidents whose darkness is known
    timed: int  # incidents known to within a few hours, which these count


@dataclass(frozen=True)
class Sources:
    by_source: dict[str, int]
    reporting: list[str]  # organisations with incidents last week
    silent: list[str]  # organisations with incidents in the 12 weeks before, but none last week or word
    police_without_place: int  # police notices placed by municipality or county only: counted, not mapped
    nothing_to_report: list[str] = field(default_factory=list)  # organisations that said so of last week


@dataclass(frozen=True)
class WeeklyReport:
    tenant: str
    week: str
    compared_with: dict[str, Any]
    totals: dict[str, Any]
    trend: dict[str, int]  # incidents of each of the 12 weeks before and last week
    by: dict[str, list[Compared]]
    cells: list[dict[str, Any]]
    times: Times
    alerts: list[dict[str, Any]]
    interventions: dict[str, list[dict[str, Any]]]
    safety: list[dict[str, Any]]
    sources: Sources
    not_reported: list[str] = field(default_factory=list)  # partners without a report when it was issued
    focus: dict[str, Any] = field(default_factory=dict)  # where to focus next week (weekly/focus.py)
    outlines: list[dict[str, Any]] = field(default_factory=list)  # the most affected areas, for the map

    def as_json(self) -> dict[str, Any]:
        """The report as JSON: what the API answers and the archive keeps."""
        body: dict[str, Any] = _JSON.dump_python(self, mode="json")
        return body

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> WeeklyReport:
        """A report back from its JSON (an archived one)."""
        return _JSON.validate_python(body)


@dataclass(frozen=True)
class _Scoped:
    """The warehouse, read for one tenant (or the region): each query gets the tenant's condition."""

    warehouse: Warehouse
    tenant: str

    def query(self, sql: str, parameters: dict[str, Any]) -> list[tuple[Any, ...]]:
        return self.warehouse.query(q.scoped(sql, self.tenant), parameters)


def weekly_report(store: Warehouse, tenant: str, week: str) -> WeeklyReport:
    warehouse = _Scoped(store, tenant)
    asked = {"tenant": tenant, "week": week}
    start = began(store, [tenant] if tenant != REGION else None)
    weeks = Weeks.of(week, label(start) if start else week)
    counts: dict[str, dict[str, dict[str, int]]] = {d: defaultdict(dict) for d in DIMENSIONS}
    for dimension, key, iso_week, n in warehouse.query(q.BY_DIMENSION, {**asked, "weeks": weeks.every}):
        counts[dimension][key][iso_week] = int(n)
    shown = DIMENSIONS if tenant == REGION else DIMENSIONS[:-1]  # a tenant's report has no "by tenant"
    per_week = totals(counts["category_group"])
    by, [overall] = flagged({dimension: table(counts[dimension], weeks) for dimension in shown},
                            compared("all", per_week, weeks))  # fmt: skip
    first, last = monday_of(week), monday_of(week) + timedelta(days=6)
    top_areas = [row.key for row in by["area"][:5]]
    return WeeklyReport(
        tenant=tenant, week=week,
        compared_with={"four": weeks.four, "twelve": weeks.twelve, "year_before": weeks.year_before},
        totals={**asdict(overall), "incidents": overall.last_week, "by_source": _last(by["source"]),
                "by_category_group": _last(by["category_group"])},
        trend={w: per_week.get(w, 0) for w in [*weeks.twelve, week]},
        by=by,
        cells=[dict(zip(("cell", "lat", "lon", "incidents", "area"), row, strict=True))
               for row in warehouse.query(q.CELLS, asked)],
        times=_times(warehouse, asked),
        alerts=_named(warehouse, q.ALERTS, {"tenant": tenant, "weeks": [week, *weeks.four[-1:]]},
                      ("week", "category", "area_id", "observed", "expected", "z", "severity", "closed",
                       "message")),
        interventions=_interventions(warehouse, tenant, first, last),
        safety=_named(warehouse, q.SAFETY, {"tenant": tenant, "areas": top_areas, "until": last},
                      ("area_id", "indicator", "measure", "value", "respondents", "period_end")),
        sources=_sources(warehouse, asked, weeks, _last(by["source"])),
        outlines=outlines(warehouse.query, tenant, top_areas),
    )  # fmt: skip


def _last(rows: list[Compared]) -> dict[str, int]:
    return {row.key: row.last_week for row in rows if row.last_week}


def _times(warehouse: _Scoped, asked: dict[str, Any]) -> Times:
    grid = [[0] * 24 for _ in range(7)]
    for weekday, hour, n in warehouse.query(q.HOURS, asked):
        grid[int(weekday) - 1][int(hour)] = int(n)
    parts = {part: int(n) for part, n in warehouse.query(q.PARTS_OF_DAY, asked)}
    [(dark, known)] = warehouse.query(q.DARKNESS, asked)
    share = round(int(dark) / int(known), 3) if known else None
    return Times(grid, parts, share, sum(map(sum, grid)))


Rows = list[dict[str, Any]]


def _interventions(warehouse: _Scoped, tenant: str, first: date, last: date) -> dict[str, Rows]:
    """Active last week, planned for next week, ended last week."""
    next_monday = last + timedelta(days=1)
    names = ("title", "kind", "area_id", "responsible_organisation", "status", "start", "end")
    rows = _named(warehouse, q.INTERVENTIONS, {"tenant": tenant, "since": first,
                                               "until": next_monday + timedelta(days=6)}, names)  # fmt: skip
    return {
        "active": [r for r in rows if r["start"] <= last and (r["end"] is None or r["end"] > last)],
        "planned": [r for r in rows if r["start"] >= next_monday],
        "ended": [r for r in rows if r["end"] is not None and first <= r["end"] <= last],
    }


def _sources(warehouse: _Scoped, asked: dict[str, Any], weeks: Weeks, by_source: dict[str, int]) -> Sources:
    seen = warehouse.query(q.ORGANISATIONS, {**asked, "weeks": [*weeks.twelve, weeks.week]})
    reporting = [org for org, n in seen if n]
    nothing = [org for (org,) in warehouse.query(q.NOTHING_TO_REPORT, asked) if org not in reporting]
    silent = [org for org, n in seen if not n and org not in nothing]
    [(police,)] = warehouse.query(q.UNPLACED_POLICE, asked)
    return Sources(by_source, reporting, silent, int(police), nothing)


def _named(warehouse: _Scoped, sql: str, parameters: dict[str, Any], names: tuple[str, ...]) -> Rows:
    return [dict(zip(names, row, strict=True)) for row in warehouse.query(sql, parameters)]


_JSON: TypeAdapter[WeeklyReport] = TypeAdapter(WeeklyReport)
