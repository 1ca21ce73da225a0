"""``GET /v1/incidents/export``: a tenant's incidents as they stand, CSV or GeoJSON."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from embrace.http.dependencies import CSV_MEDIA, FromWeekQuery, TenantQuery, ToWeekQuery, WarehouseDep
from embrace.http.problems import PROBLEM_RESPONSES, FieldError, invalid
from embrace.http.security import Reader, tenant_for
from services.reporting.export import as_csv, as_geojson, export_rows

MEDIA = {"csv": CSV_MEDIA, "geojson": "application/geo+json"}


def export_router() -> APIRouter:
    router = APIRouter(prefix="/v1/incidents", tags=["statistics"], responses=PROBLEM_RESPONSES)

    @router.get("/export", response_class=Response,
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
        body = as_csv(rows) if format == "csv" else as_geojson(rows)
        return Response(body, media_type=MEDIA[format])

    return router
