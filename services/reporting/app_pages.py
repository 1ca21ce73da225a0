"""The web app's Lägesbild: the tenant's latest weekly report and the archive of earlier ones, for every
partner of the tenant; the quarterly analysis for those who analyse. Served by whoever reads the
warehouse, under /app so the web app's session cookie reaches it, in the web app's frame."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from embrace import i18n
from embrace.http.dependencies import EndedWeekQuery, SqlStoreDep, TaxonomyDep, WarehouseDep
from embrace.http.frame import top_bar
from embrace.http.language import negotiate
from embrace.http.problems import ProblemError
from embrace.http.signin import SignedInDep
from embrace.sqlstore.report_tables import ReportRun
from embrace.weeks import last_week, today
from services.reporting.pages import tenant_names
from services.reporting.quarterly.api import AskedQuarter
from services.reporting.quarterly.assembled import quarterly_body
from services.reporting.quarterly.page import render_quarterly
from services.reporting.weekly.assembled import weekly_body
from services.reporting.weekly.page import render_html
from services.reporting.weekly.report import WeeklyReport

ANALYSTS_ONLY = i18n.both("situation.analysts_only")


router = APIRouter(prefix="/app", include_in_schema=False)


@router.get("/lagesbild")
def weekly(request: Request, person: SignedInDep, sql_store: SqlStoreDep, warehouse: WarehouseDep,
           taxonomy: TaxonomyDep, week: EndedWeekQuery) -> Response:  # fmt: skip
    tenant = person.principal.tenant
    with sql_store.session() as session:
        weekly_runs = select(ReportRun).where(ReportRun.tenant == tenant, ReportRun.kind == "weekly")
        runs = session.scalars(weekly_runs.order_by(ReportRun.period.desc())).all()
        archive = {run.period: run.body for run in runs}
    chosen = week or (next(iter(archive)) if archive else last_week())
    body = archive.get(chosen) or weekly_body(sql_store, warehouse, tenant, chosen)
    report = WeeklyReport.from_json(body)
    language = negotiate(request, header=False)
    bar = top_bar(person, request.url.path, language)
    names = tenant_names(sql_store, tenant)
    return HTMLResponse(render_html(report, taxonomy, language, names, frame=bar, archive=list(archive)))


@router.get("/lagesbild/kvartal")
def quarterly(request: Request, person: SignedInDep, sql_store: SqlStoreDep, warehouse: WarehouseDep,
              taxonomy: TaxonomyDep, quarter: AskedQuarter) -> Response:  # fmt: skip
    language = negotiate(request, header=False)
    if not person.principal.may("analyse"):
        raise ProblemError(403, ANALYSTS_ONLY, kind="forbidden")
    tenant = person.principal.tenant
    analysis = quarterly_body(sql_store, warehouse, tenant, quarter, today())
    bar = top_bar(person, request.url.path, language)
    names = tenant_names(sql_store, tenant)
    return HTMLResponse(render_quarterly(analysis, taxonomy, language, names, frame=bar))
