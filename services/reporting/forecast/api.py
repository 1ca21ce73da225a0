"""``GET /v1/forecast``: next week's expected incidents per place, with an 80 % interval."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from embrace.contracts.fields import IsoWeek
from embrace.http.dependencies import GroupsQuery, SqlStoreDep, TenantQuery, WarehouseDep
from embrace.http.problems import PROBLEM_RESPONSES, FieldError, invalid
from embrace.http.security import Reader, tenant_for
from embrace.roles import sees_every_tenant
from embrace.sqlstore.registry import list_tenants
from embrace.weeks import last_week, shift
from services.reporting.forecast.predicted import HORIZON, predicted
from services.reporting.forecast.series import Level

router = APIRouter(tags=["where next"], responses=PROBLEM_RESPONSES)


@router.get("/v1/forecast")
def next_week(
    principal: Reader, sql_store: SqlStoreDep, warehouse: WarehouseDep,
    week: Annotated[IsoWeek | None, Query(description="The week; default the one after as_of.")] = None,
    as_of: Annotated[IsoWeek | None, Query(description="The last week the model may use. Default: last "
                                           "week; earlier ones backtest honestly.")] = None,
    resolution: Annotated[Level, Query(description="Places: H3 cells of resolution 8, the tenant's areas, "
                                       "or the municipality.")] = "area",
    group: GroupsQuery = None,
    tenant: TenantQuery = None,
) -> dict[str, Any]:  # fmt: skip
    """Expected incidents per place for `week`, from the places' weeks up to `as_of` only, with the 80 %
    interval of a negative binomial whose over-dispersion is estimated from the data; places with any
    incident in the year before. For prevention in places, never for judging people."""
    known = as_of or last_week()
    target = week or shift(known, 1)
    ahead = next((n for n in range(1, HORIZON + 1) if shift(known, n) == target), None)
    if ahead is None:
        raise invalid([FieldError("query.week", "invalid_value",
                                  f"{target} must be 1 to {HORIZON} weeks after {known}")])  # fmt: skip
    with sql_store.session() as session:
        every = sees_every_tenant(principal.role) and tenant is None
        tenants = [t.code for t in list_tenants(session)] if every else [tenant_for(principal, tenant)]
    return predicted(warehouse, tenants, known, ahead, resolution, list(group or []))
