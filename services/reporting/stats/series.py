"""Statistics in bulk: incidents over any range of ISO weeks, grouped and filtered by any dimension, in
one query. What a regional analyst needs for 290 municipalities x 26 weeks is one request, not 7,540.

Counts are of incidents as they stand now, police summaries left out, as in the weekly statistics: a
series grouped by category for one week equals that week's statistics, cell by cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from embrace.contracts.enriched import ObservedGroup
from embrace.warehouse import Warehouse
from embrace.warehouse.rollups import ROLLUPS, Rollup


@dataclass(frozen=True)
class Dimension:
    column: str  # how current_incidents holds it
    parse: Callable[[str], Any] = str  # a filter value as given in the query string
    kind: str = "String"  # its ClickHouse type, for bound parameters
    contains: str | None = None  # filter on an array column instead: an incident is in every area it lies in


def _boolean(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError("true or false")
    return text == "true"


def _observed_group(text: str) -> str:
    if text not in get_args(ObservedGroup):
        raise ValueError(" or ".join(get_args(ObservedGroup)))
    return text


def _within(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValueError(f"a whole number from {low} to {high}")
        return int(text)

    return parse


DIMENSIONS: Mapping[str, Dimension] = {
    "tenant": Dimension("tenant"),
    "municipality": Dimension("municipality_code"),
    "area": Dimension("area_id", contains="area_ids"),  # grouped by the primary (smallest) area
    "category": Dimension("category"),
    "category_group": Dimension("category_group", _observed_group),
    "source": Dimension("source"),
    "organisation": Dimension("organisation"),
    "week": Dimension("iso_week"),
    "month": Dimension("substring(toString(local_date), 1, 7)"),  # 2026-03
    "quarter": Dimension("quarter"),
    "hour": Dimension("hour", _within(0, 23), "UInt8"),
    "weekday": Dimension("weekday", _within(1, 7), "UInt8"),
    "part_of_day": Dimension("part_of_day"),
    "dark": Dimension("is_dark", _boolean, "Bool"),
}


class SeriesError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SeriesQuery:
    first: str  # ISO weeks, both included
    last: str
    group_by: tuple[str, ...]
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    tenants: tuple[str, ...] | None = None  # None: every tenant (a regional caller)
    fresh: bool = False  # count the incidents even where a rollup holds what is asked

    @classmethod
    def parse(
        cls,
        first: str,
        last: str,
        group_by: str,
        filters: Mapping[str, str | None],
        tenants: tuple[str, ...] | None,
        *,
        fresh: bool = False,
    ) -> SeriesQuery:
        """From the query string's text; :class:`SeriesError` names the parameter at fault."""
        if first > last:
            raise SeriesError("from", f"{first} is after {last}")
        groups = tuple(g.strip() for g in group_by.split(",") if g.strip())
        for group in groups:
            if group not in DIMENSIONS:
                raise SeriesError("group_by", f"{group!r} is not one of {', '.join(DIMENSIONS)}")
        given = {
            name: tuple(v.strip() for v in text.split(",") if v.strip())
            for name, text in filters.items()
            if text
        }
        for name, values in given.items():
            for value in values:
                try:
                    DIMENSIONS[name].parse(value)
                except ValueError as exc:
                    raise SeriesError(name, f"{value!r} is not {exc}") from None
        return cls(first, last, groups, given, tenants, fresh)

    def rollup(self) -> Rollup | None:
        """The smallest rollup that holds every dimension asked for, if any does."""
        if self.fresh:
            return None
        # An area is asked as the incidents hold it (area_id, area_ids), which no rollup does.
        needed = {
            "tenant",
            "iso_week",
            *(DIMENSIONS[name].column for name in (*self.group_by, *self.filters)),
        }
        return next((rollup for rollup in ROLLUPS if rollup.holds(needed)), None)

    def sql(self) -> tuple[str, dict[str, Any]]:
        """The query: on a rollup when one holds every dimension asked for, else on the incidents."""
        rollup = self.rollup()
        rolled = rollup is not None
        table, count = (rollup.table, "sum(incidents)") if rollup else ("current_incidents", "count()")
        columns = [f"{DIMENSIONS[g].column} AS {g}" for g in self.group_by]
        where = ["iso_week >= {first:String}", "iso_week <= {last:String}"]
        where += [] if rolled else ["NOT is_summary"]  # the rollup counts no summaries to begin with
        parameters: dict[str, Any] = {"first": self.first, "last": self.last}
        if self.tenants is not None:
            where.append("tenant IN {tenants:Array(String)}")
            parameters["tenants"] = list(self.tenants)
        for name, values in self.filters.items():
            dimension = DIMENSIONS[name]
            bound = f"{{f_{name}:Array({dimension.kind})}}"
            where.append(f"hasAny({dimension.contains}, {bound})" if dimension.contains
                         else f"{dimension.column} IN {bound}")  # fmt: skip
            parameters[f"f_{name}"] = [dimension.parse(v) for v in values]
        listed = ", ".join(self.group_by)
        having = " HAVING incidents > 0" if rolled else ""  # groups recounted to nothing stay as zeroes
        grouped = f" GROUP BY {listed}{having} ORDER BY {listed}" if self.group_by else ""
        select = ", ".join([*columns, f"{count} AS incidents"])
        final = " FINAL" if rolled else ""
        sql = f"SELECT {select} FROM {{db}}.{table}{final} WHERE {' AND '.join(where)}{grouped}"
        return sql, parameters


def series(warehouse: Warehouse, query: SeriesQuery) -> list[dict[str, Any]]:
    sql, parameters = query.sql()
    names = [*query.group_by, "incidents"]
    return [dict(zip(names, row, strict=True)) for row in warehouse.query(sql, parameters)]


def as_csv(rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(names), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
