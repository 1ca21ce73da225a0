"""``GET /v1/situation/weekly``: the weekly situation report of the caller's tenant (a regional caller
names one, or asks for the region), as JSON, or as a page or a PDF by ``Accept``, in Swedish or English."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request

from embrace import i18n
from embrace.http.dependencies import ReportWeekQuery, SqlStoreDep, TaxonomyDep, TenantQuery, WarehouseDep
from embrace.http.language import negotiate
from embrace.http.problems import PROBLEM_RESPONSES, ProblemError
from embrace.http.security import OTHER_TENANT, Reader, tenant_for
from embrace.messages import Language
from embrace.roles import sees_every_tenant
from services.reporting.pages import FORMATS, as_requested, tenant_names
from services.reporting.weekly.assembled import weekly_body
from services.reporting.weekly.page import render_html
from services.reporting.weekly.report import REGION, WeeklyReport, weekly_report

REGION_NAME: dict[Language, str] = i18n.both("weekly.region_name")

router = APIRouter(prefix="/v1/situation", tags=["situation reports"], responses=PROBLEM_RESPONSES)


@router.get("/weekly", responses=FORMATS)
def weekly(
    request: Request, principal: Reader, warehouse: WarehouseDep, sql_store: SqlStoreDep,
    taxonomy: TaxonomyDep, week: ReportWeekQuery, tenant: TenantQuery = None,
) -> Any:  # fmt: skip
    """Last week (or `week`) against the 12 weeks before, with the mean of the 4 before and the same week a
    year earlier, by category group, category, area and source: each row's usual range, and flags where
    it lies beyond what chance explains across the report; the most affected H3 cells; hour x weekday,
    part of day and darkness; alerts; interventions active, planned and ended; the latest perceived
    safety of the areas most affected; the sources it rests on; the partners that have not reported the
    week; and where to focus next week (the areas and H3 cells with the most incidents expected, with
    80 % intervals, and the tested hot spots of the four weeks to it). A week that has not ended is
    refused. `Accept: text/html` or `application/pdf` give the page to read or print."""
    chosen = tenant_for(principal, tenant)
    body = weekly_body(sql_store, warehouse, chosen, week)
    language = negotiate(request)

    def page() -> str:  # the tenant's names are looked up only when a page is asked for
        return render_html(WeeklyReport.from_json(body), taxonomy, language, tenant_names(sql_store, chosen))

    return as_requested(request, body, page)


@router.get("/weekly/region", responses=FORMATS)
def regional(
    request: Request, principal: Reader, warehouse: WarehouseDep, sql_store: SqlStoreDep,
    taxonomy: TaxonomyDep, week: ReportWeekQuery,
) -> Any:  # fmt: skip
    """The weekly situation report of the whole region (every tenant), for regional keys: the same
    parts, and the comparison by municipality. JSON, HTML or PDF by `Accept`."""
    if not sees_every_tenant(principal.role):
        raise ProblemError(403, OTHER_TENANT, kind="forbidden")
    report = weekly_report(warehouse, REGION, week)
    language = negotiate(request)

    def page() -> str:
        names = replace(tenant_names(sql_store, None), tenant=REGION_NAME[language])
        return render_html(report, taxonomy, language, names)

    return as_requested(request, report.as_json(), page)
