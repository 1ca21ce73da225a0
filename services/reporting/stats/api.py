"""The statistics API: a week's counts, series over any range of weeks grouped and filtered, and the
export of a tenant's incidents. The tenant comes from the caller's credentials."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from embrace.http.dependencies import (
    CSV_MEDIA,
    FromWeekQuery,
    TaxonomyDep,
    TenantQuery,
    ToWeekQuery,
    WarehouseDep,
    WeekQuery,
    unknown_categories,
)
from embrace.http.problems import PROBLEM_RESPONSES, FieldError, ProblemError, invalid
from embrace.http.security import OTHER_TENANT, Reader, tenant_for
from embrace.roles import sees_every_tenant
from embrace.sqlstore.credentials import Principal
from embrace.weeks import last_week
from services.reporting.stats.export import as_csv as export_csv
from services.reporting.stats.export import as_geojson, export_rows
from services.reporting.stats.series import DIMENSIONS, SeriesError, SeriesQuery, series
from services.reporting.stats.series import as_csv as series_csv
from services.reporting.stats.weekly import weekly_stats

router = APIRouter(tags=["statistics"], responses=PROBLEM_RESPONSES)


class WeeklyStatsOut(BaseModel):
    tenant: str
    week: str
    incidents: int
    by_category: dict[str, int]
    by_group: dict[str, int]
    by_source: dict[str, int]


@router.get("/v1/stats/weekly", response_model=WeeklyStatsOut)
def weekly(
    principal: Reader, warehouse: WarehouseDep, week: WeekQuery = None, tenant: TenantQuery = None
) -> WeeklyStatsOut:
    """Incidents of one ISO week (local time), by category, group and source."""
    chosen = tenant_for(principal, tenant)
    stats = weekly_stats(warehouse, chosen, week or last_week())
    return WeeklyStatsOut(**stats.__dict__)


Filter = Annotated[str | None, Query(description="Only these values, comma-separated.")]
GroupBy = Annotated[str, Query(description=f"Comma-separated, of: {', '.join(DIMENSIONS)}.")]


class SeriesOut(BaseModel):
    from_week: str
    to_week: str
    group_by: list[str]
    rows: list[dict[str, Any]]


@router.get("/v1/stats/series", response_model=SeriesOut, responses={200: {"content": {"text/csv": {}}}})
def get_series(
    request: Request, principal: Reader, warehouse: WarehouseDep, taxonomy: TaxonomyDep,
    first: FromWeekQuery,
    to: ToWeekQuery,
    group_by: GroupBy = "week",
    tenant: Filter = None, municipality: Filter = None, area: Filter = None, category: Filter = None,
    category_group: Filter = None, source: Filter = None, organisation: Filter = None,
    month: Filter = None, quarter: Filter = None, hour: Filter = None, weekday: Filter = None,
    part_of_day: Filter = None, dark: Filter = None,
    fresh: Annotated[bool, Query(description="Count the incidents themselves, not the rollups (which "
                                 "trail them by about a second on Kafka); slower.")] = False,
) -> Any:  # fmt: skip
    """Incidents as they stand now, counted by any of the dimensions over any range of weeks. A
    tenant's key counts its own tenant; a regional key every tenant, or those named in `tenant`.
    `Accept: text/csv` gives CSV."""
    filters = {"municipality": municipality, "area": area, "category": category,
               "category_group": category_group, "source": source, "organisation": organisation,
               "month": month, "quarter": quarter, "hour": hour, "weekday": weekday,
               "part_of_day": part_of_day, "dark": dark}  # fmt: skip
    try:
        query = SeriesQuery.parse(first, to, group_by, filters, _tenants(principal, tenant), fresh=fresh)
    except SeriesError as exc:
        raise invalid([FieldError(f"query.{exc.field}", "invalid_value", exc.message)]) from None
    if unknown := unknown_categories(taxonomy, query.filters.get("category", ()), "query.category"):
        raise invalid(unknown)
    rows = series(warehouse, query)
    if "text/csv" in request.headers.get("accept", ""):
        return Response(series_csv(rows, [*query.group_by, "incidents"]), media_type=CSV_MEDIA)
    return SeriesOut(from_week=first, to_week=to, group_by=list(query.group_by), rows=rows)


def _tenants(principal: Principal, asked: str | None) -> tuple[str, ...] | None:
    """Whose incidents a caller counts: its own tenant; a regional caller every tenant or those it names."""
    named = tuple(t.strip() for t in (asked or "").split(",") if t.strip())
    if sees_every_tenant(principal.role):
        return named or None
    if any(t != principal.tenant for t in named):
        raise ProblemError(403, OTHER_TENANT, kind="forbidden")
    return (principal.tenant,)


MEDIA = {"csv": CSV_MEDIA, "geojson": "application/geo+json"}


@router.get("/v1/incidents/export", response_class=Response,
            responses={200: {"content": {media: {} for media in MEDIA.values()}}})  # fmt: skip
def export(
    principal: Reader,
    warehouse: WarehouseDep,
    first: FromWeekQuery,
    to: ToWeekQuery,
    format: Annotated[Literal["csv", "geojson"], Query(description="csv or geojson.")] = "csv",
    tenant: TenantQuery = None,
) -> Response:
    """The tenant's incidents as they stand now. A point only where the place is known that well
    (never for a municipality, county or area); descriptions and addresses only to the organisation
    that wrote them."""
    if first > to:
        raise invalid([FieldError("query.from", "invalid_value", f"{first} is after {to}")])
    rows = export_rows(warehouse, tenant_for(principal, tenant), principal.organisation, first, to)
    body = export_csv(rows) if format == "csv" else as_geojson(rows)
    return Response(body, media_type=MEDIA[format])
