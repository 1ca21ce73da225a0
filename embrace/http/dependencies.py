"""Typed access to what the composition root put on ``app.state``. Each is ``async``: FastAPI runs a
plain ``def`` dependency on a worker thread, and the hop costs more than reading an attribute."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Depends, Query, Request

from embrace.contracts.enriched import ObservedGroup
from embrace.contracts.fields import IsoWeek, MunicipalityCode
from embrace.http.problems import FieldError, invalid
from embrace.sqlstore import SqlStore
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from embrace.weeks import last_week, not_ended

# Query parameters every read endpoint takes.
WeekQuery = Annotated[IsoWeek | None, Query(description="ISO week, e.g. 2026-W05. Default: last week.")]
TenantQuery = Annotated[MunicipalityCode | None, Query(description="Regional users: another tenant.")]
# A range of weeks, both included (`?from=2026-W01&to=2026-W26`).
FromWeekQuery = Annotated[IsoWeek, Query(alias="from", description="First ISO week, e.g. 2026-W01.")]
ToWeekQuery = Annotated[IsoWeek, Query(description="Last ISO week, included.")]
GroupsQuery = Annotated[list[ObservedGroup] | None, Query(description="Only these category groups.")]


async def get_sql_store(request: Request) -> SqlStore:
    sql_store: SqlStore = request.app.state.sql_store
    return sql_store


async def get_warehouse(request: Request) -> Warehouse:
    warehouse: Warehouse = request.app.state.warehouse
    return warehouse


async def get_taxonomy(request: Request) -> Taxonomy:
    taxonomy: Taxonomy = request.app.state.taxonomy
    return taxonomy


def unknown_categories(taxonomy: Taxonomy, codes: Sequence[str], field: str) -> list[FieldError]:
    """The codes no incident can carry. A read refuses them rather than count them as nothing, which a
    typing error would otherwise look like: a map without hot spots, a forecast of 0."""
    observed = {c.code for c in taxonomy.in_group("crime", "insecurity")}
    return [
        FieldError(f"{field}.{n}", "unknown_category", f"unknown category {c!r}", {"category": c})
        for n, c in enumerate(codes)
        if c not in observed
    ]


async def asked_categories(
    taxonomy: Annotated[Taxonomy, Depends(get_taxonomy)],
    category: Annotated[list[str] | None, Query(description="Only these categories.")] = None,
) -> list[str]:
    codes = category or []
    if unknown := unknown_categories(taxonomy, codes, "query.category"):
        raise invalid(unknown)
    return codes


def refuse_unended(week: str, field: str) -> None:
    """A ``422`` naming ``field`` if ``week`` has not ended (:func:`embrace.weeks.not_ended`)."""
    if why := not_ended(week):
        raise invalid([FieldError(field, "week_not_ended", why, {"week": week, "latest": last_week()})])


async def ended_week(week: WeekQuery = None) -> str | None:
    """The week a situation report is asked for, if any: never one that has not ended."""
    if week is not None:
        refuse_unended(week, "query.week")
    return week


async def reported_week(week: Annotated[str | None, Depends(ended_week)]) -> str:
    """The week a situation report covers: the one asked for, else last week."""
    return week or last_week()


SqlStoreDep = Annotated[SqlStore, Depends(get_sql_store)]
WarehouseDep = Annotated[Warehouse, Depends(get_warehouse)]
TaxonomyDep = Annotated[Taxonomy, Depends(get_taxonomy)]

CategoriesQuery = Annotated[list[str], Depends(asked_categories)]
ReportWeekQuery = Annotated[str, Depends(reported_week)]
EndedWeekQuery = Annotated[str | None, Depends(ended_week)]
CSV_MEDIA = "text/csv; charset=utf-8"
