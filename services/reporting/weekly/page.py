"""The weekly situation report as one self-contained HTML page (inline SVG, no external resources), in
Swedish or English, and as PDF through Chromium's print-to-PDF."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from embrace.http.frame import TopBar
from embrace.i18n import section
from embrace.messages import Language
from embrace.naming import Names, labeller
from embrace.taxonomy import Taxonomy
from embrace.weeks import monday_of
from services.reporting import small_counts, svg
from services.reporting.pages import ENVIRONMENT, days, span
from services.reporting.weekly.report import WeeklyReport

HOURS = [f"{hour:02d}" for hour in range(24)]


def render_html(
    report: WeeklyReport,
    taxonomy: Taxonomy,
    language: Language = "sv",
    names: Names | None = None,
    *,
    protect: bool = False,
    frame: TopBar | None = None,
    archive: Sequence[str] = (),
) -> str:
    """The page, its codes read by ``names``; with ``protect``, as it may leave the tenant's organisations
    (small counts hidden); with ``frame``, in the web app's top bar, with the ``archive``'s weeks to go
    to."""
    t = section("weekly.", language)
    body = report.as_json()
    r = small_counts.protect(body) if protect else {**body, "protected": False}
    first = monday_of(report.week)
    return ENVIRONMENT.get_template("weekly.html").render(
        frame=frame, active="lagesbild", archive=archive,
        r=r, t=t, lang=language, tenant_name=(names and names.tenant) or report.tenant,
        first=first.isoformat(), last=(first + timedelta(days=6)).isoformat(),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        tables=[(d, rows[:12]) for d, rows in r["by"].items()],
        label=labeller(taxonomy, language, names),
        span=span, pct=lambda share: f"{round(100 * share)} %",
        trend_svg=svg.bars([w[-3:] for w in r["trend"]], list(r["trend"].values()), title=t["trend"]),
        heat_svg=svg.heat(days(language), HOURS, r["times"]["hour_weekday"], t["when"]),
        cells_svg=svg.dots([(c["lat"], c["lon"], c["incidents"]) for c in r["cells"]], r.get("outlines", []),
                           t["where"]),
    )  # fmt: skip
