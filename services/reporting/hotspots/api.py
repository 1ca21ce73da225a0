"""``GET /v1/hotspots``: tested hot spots over the tenant's H3 cells, as JSON, CSV or GeoJSON."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

import h3
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from embrace.http.dependencies import (
    CSV_MEDIA,
    CategoriesQuery,
    FromWeekQuery,
    GroupsQuery,
    SqlStoreDep,
    TenantQuery,
    ToWeekQuery,
    WarehouseDep,
    refuse_unended,
)
from embrace.http.problems import PROBLEM_RESPONSES, FieldError, ProblemError, invalid
from embrace.http.security import Reader, tenant_for
from embrace.i18n import both
from embrace.roles import sees_every_tenant
from embrace.sqlstore.registry import list_tenants
from services.reporting.hotspots.emerging import FEWEST_WEEKS, emerging
from services.reporting.hotspots.tested import Asked, NoBoundary, every_hotspot

COLUMNS = ("tenant", "cell", "count", "around", "gi_z", "p", "kind")
GEOJSON = "application/geo+json"
router = APIRouter(tags=["where next"], responses=PROBLEM_RESPONSES)


@router.get("/v1/hotspots", responses={200: {"content": {"application/json": {}, CSV_MEDIA: {},
                                                          GEOJSON: {}}}})  # fmt: skip
def where_hot_and_cold(
    request: Request, principal: Reader, sql_store: SqlStoreDep, warehouse: WarehouseDep,
    first: FromWeekQuery, to: ToWeekQuery, category: CategoriesQuery,
    resolution: Annotated[int, Query(ge=8, le=9, description="H3 resolution: 8 (about 0.7 km²) or 9.")] = 8,
    group: GroupsQuery = None,
    tenant: TenantQuery = None,
) -> Any:  # fmt: skip
    """Getis-Ord Gi* of every H3 cell of the municipality (its centre inside the boundary, empty cells
    included) over its ring-1 neighbours, for incidents placed by point or address in the weeks asked.
    Per cell: the count, `around` (the count of the cell and its ring, which Gi* weighs), z, the
    two-sided randomisation p-value, and `hot` or `cold` where it survives
    false-discovery-rate control at 5 % across the cells. A regional key without `tenant` gets every
    tenant's cells, each tenant tested on its own. Places, never people."""
    if first > to:
        raise invalid([FieldError("query.from", "invalid_value", f"{first} is after {to}")])
    asked = Asked(first, to, resolution, category, list(group or []))
    with sql_store.session() as session:
        every = sees_every_tenant(principal.role) and tenant is None
        tenants = [t.code for t in list_tenants(session)] if every else [tenant_for(principal, tenant)]
        try:
            rows = every_hotspot(session, warehouse, tenants, asked)
        except NoBoundary as missing:
            raise ProblemError(409, both("problem.no_boundary", tenant=str(missing))) from None
    return _answer(request.headers.get("accept", ""), rows)


@router.get("/v1/hotspots/emerging")
def emerging_hotspots(
    principal: Reader, sql_store: SqlStoreDep, warehouse: WarehouseDep, to: ToWeekQuery,
    weeks: Annotated[int, Query(ge=FEWEST_WEEKS, le=104, description="Weeks, ending with `to`.")] = 12,
    resolution: Annotated[int, Query(ge=8, le=9, description="H3 resolution: 8 or 9.")] = 8,
    tenant: TenantQuery = None,
) -> dict[str, Any]:  # fmt: skip
    """Each cell's weeks as a pattern, in the words of Esri's Emerging Hot Spot Analysis: new,
    consecutive, intensifying, persistent, diminishing, sporadic, oscillating, historical, and their
    cold counterparts. Every week is tested as `/v1/hotspots` tests it; the trend of a cell's Gi* z is
    Mann-Kendall's (`tau`, `p`). Only cells with a pattern are listed. `to` must have ended: a week
    still running would read as a fall everywhere. The weeks read (`from`, `weeks`) begin no earlier
    than the tenant's first incident; with fewer than four of them no cell is read, and `note` says so."""
    refuse_unended(to, "query.to")
    with sql_store.session() as session:
        chosen = tenant_for(principal, tenant)
        try:
            found = emerging(session, warehouse, chosen, to, weeks, resolution)
        except NoBoundary:
            raise ProblemError(409, both("problem.no_boundary", tenant=chosen)) from None
    read = {"from": found.weeks[0] if found.weeks else None, "weeks": len(found.weeks)}
    if len(found.weeks) < FEWEST_WEEKS:
        read["note"] = f"fewer than {FEWEST_WEEKS} weeks since the tenant's first incident, up to {to}"
    return {"tenant": chosen, "to": to, **read, "resolution": resolution, "cells": found.cells}


def _answer(accept: str, rows: list[dict[str, Any]]) -> Response:
    if "text/csv" in accept:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return Response(out.getvalue(), media_type=CSV_MEDIA)
    if "geo+json" in accept:
        features = [{"type": "Feature", "properties": row, "geometry": _outline(row["cell"])} for row in rows]
        return JSONResponse({"type": "FeatureCollection", "features": features}, media_type=GEOJSON)
    return JSONResponse({"cells": rows})


def _outline(cell: str) -> dict[str, Any]:
    ring = [[lon, lat] for lat, lon in h3.cell_to_boundary(cell)]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
