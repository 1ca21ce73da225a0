"""The web app's Lägesbild: the tenant's latest weekly report and the archive of earlier ones, for every
partner of the tenant; the quarterly analysis for analysts and admins. Served by whoever reads the
warehouse, under /app so the web app's session cookie reaches it."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from embrace.directory.accounts import SignedIn
from embrace.directory.report_tables import ReportRun
from embrace.http.dependencies import DirectoryDep, TaxonomyDep, WarehouseDep, WeekQuery
from embrace.http.language import negotiate
from embrace.http.signin import SignedInDep
from embrace.weeks import last_week
from services.reporting.pages import tenant_name
from services.reporting.quarterly.page import render_quarterly
from services.reporting.quarterly.quarters import PATTERN, last_quarter
from services.reporting.quarterly.report import quarterly_report
from services.reporting.weekly.page import render_html
from services.reporting.weekly.report import WeeklyReport, weekly_report

QuarterParam = Annotated[str | None, Query(pattern=PATTERN)]
NAV = {
    "sv": ("Lägesbilder", "Kvartalsanalys", "Rapportera"),
    "en": ("Situation reports", "Quarterly", "Report"),
}
ANALYSTS = ("analyst", "admin", "regional")


router = APIRouter(prefix="/app", include_in_schema=False)


@router.get("/lagesbild")
def weekly(request: Request, person: SignedInDep, directory: DirectoryDep, warehouse: WarehouseDep,
           taxonomy: TaxonomyDep, week: WeekQuery = None) -> Response:  # fmt: skip
    tenant = person.principal.tenant
    with directory.session() as session:
        weekly_runs = select(ReportRun).where(ReportRun.tenant == tenant, ReportRun.kind == "weekly")
        runs = session.scalars(weekly_runs.order_by(ReportRun.period.desc())).all()
        archive = {run.period: run.body for run in runs}
    chosen = week or (next(iter(archive)) if archive else last_week())
    report = (WeeklyReport.from_json(archive[chosen]) if chosen in archive
              else weekly_report(warehouse, tenant, chosen))  # fmt: skip
    language = negotiate(request, header=False)
    page = render_html(report, taxonomy, language, tenant_name(directory, tenant))
    return HTMLResponse(_with_nav(page, language, list(archive), person, chosen))


@router.get("/lagesbild/kvartal")
def quarterly(request: Request, person: SignedInDep, directory: DirectoryDep, warehouse: WarehouseDep,
              taxonomy: TaxonomyDep, quarter: QuarterParam = None) -> Response:  # fmt: skip
    if person.principal.role not in ANALYSTS:
        return HTMLResponse("<p>Kvartalsanalysen är för analytiker och administratörer.</p>", status_code=403)
    now = datetime.now(UTC)
    tenant = person.principal.tenant
    analysis = quarterly_report(warehouse, tenant, quarter or last_quarter(now), now.date())
    language = negotiate(request, header=False)
    return HTMLResponse(
        _with_nav(
            render_quarterly(analysis, taxonomy, language, tenant_name(directory, tenant)),
            language,
            [],
            person,
            "",
        )
    )


def _with_nav(page: str, language: str, weeks: list[str], person: SignedIn, chosen: str) -> str:
    reports, quarterly, report = NAV[language]
    links = " · ".join(f'<a href="/app/lagesbild?week={w}">{"<b>" + w + "</b>" if w == chosen else w}</a>'
                       for w in weeks[:26])  # fmt: skip
    analyst = person.principal.role in ANALYSTS
    more = f' · <a href="/app/lagesbild/kvartal">{quarterly}</a>' if analyst else ""
    nav = (f'<nav style="font-size:.9rem;margin-bottom:1rem"><a href="/app/report">{report}</a> · '
           f"<b>{reports}</b>: {links or escape(chosen)}{more}</nav>")  # fmt: skip
    return page.replace("<body>", "<body>" + nav, 1)
