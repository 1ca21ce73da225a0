"""The weekly situation report as one self-contained HTML page (inline SVG, no external resources), in
Swedish or English, and as PDF through Chromium's print-to-PDF."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from embrace.messages import Language
from embrace.taxonomy import Taxonomy
from embrace.weeks import monday_of
from services.reporting import small_counts, svg
from services.reporting.pages import DAYS, ENVIRONMENT, labeller, number
from services.reporting.weekly.report import WeeklyReport

HOURS = [f"{hour:02d}" for hour in range(24)]
TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Lägesbild vecka",
        "period": "Veckan",
        "generated": "skapad",
        "incidents": "Händelser",
        "mean_4": "Snitt 4 v",
        "mean_12": "Snitt 12 v",
        "year": "Samma vecka i fjol",
        "weeks": "v",
        "usual": "Vanligt",
        "z_note": "Vanligt: där veckans antal hamnar 19 veckor av 20 när inget har ändrats, beräknat från de "
        "tolv veckorna före och hur mycket de varierar. En rad markeras ”bevaka” eller ”anmärkningsvärt” "
        "bara när den avviker mer än slumpen förklarar, med hänsyn till att rapporten jämför många rader "
        "(högst 10 % respektive 1 % falska markeringar bland de markerade); veckor med färre än 5 händelser "
        "bedöms inte. Procent vilseleder vid små tal och används inte.",
        "trend": "Händelser per vecka",
        "category_group": "Kategorigrupper",
        "category": "Kategorier",
        "area": "Områden",
        "tenant": "Kommuner",
        "source": "Källor",
        "what": "",
        "last": "Veckan",
        "notable": "anmärkningsvärt",
        "watch": "bevaka",
        "": "",
        "where": "Var",
        "cell": "H3-cell",
        "cells_note": "De mest drabbade platserna (H3-celler, cirka 0,1 km²): händelser med punkt eller "
        "adress.",
        "police_note": "{n} av polisens händelser är bara angivna på kommun eller län och "
        "räknas, men ritas inte.",
        "when": "När (timme och veckodag)",
        "timed_note": "{n} händelser med känd tid inom några timmar.",
        "dark": "{share} skedde i mörker.",
        "protected": "Små tal skyddas: 1–2 visas som ”< 3”, och ”–” döljer tal som annars kunde räknas fram. "
        "Snitt och vanliga intervall visas inte.",
        "alert": "{what}{where}: {n} händelser vecka {week}, väntat {mean} (z = {z})",
        "in_area": " i {area}",
        "alerts": "Larm",
        "no_alerts": "Inga larm.",
        "final": "slutligt",
        "interventions": "Insatser",
        "active": "Pågår",
        "planned": "Planeras nästa vecka",
        "ended": "Avslutade",
        "intervention": "Insats",
        "area_label": "Område",
        "who": "Ansvarig",
        "dates": "Datum",
        "no_interventions": "Inga insatser.",
        "safety": "Upplevd trygghet",
        "indicator": "Mått",
        "value": "Värde",
        "respondents": "Svarande",
        "measured": "Mätt t.o.m.",
        "sources": "Underlag",
        "rests_on": "Rapporten bygger på",
        "reporting": "Rapporterade veckan",
        "silent": "Rapporterade inte veckan (men de tolv veckorna före)",
    },
    "en": {
        "title": "Situation report week",
        "period": "Week",
        "generated": "made",
        "incidents": "Incidents",
        "mean_4": "Mean 4 wk",
        "mean_12": "Mean 12 wk",
        "year": "Same week last year",
        "weeks": "wk",
        "usual": "Usual",
        "z_note": "Usual: where the week's count falls 19 weeks in 20 when nothing has changed, from the "
        "twelve weeks before and how much they vary. A row is marked “watch” or “notable” only when it "
        "departs more than chance explains, allowing for the many rows a report compares (at most 10 % and "
        "1 % false marks among the marked); weeks of fewer than 5 incidents are not judged. Percentages "
        "mislead at small counts and are not used.",
        "trend": "Incidents per week",
        "category_group": "Category groups",
        "category": "Categories",
        "area": "Areas",
        "tenant": "Municipalities",
        "source": "Sources",
        "what": "",
        "last": "Week",
        "notable": "notable",
        "watch": "watch",
        "": "",
        "where": "Where",
        "cell": "H3 cell",
        "cells_note": "The most affected places (H3 cells, about 0.1 km²); incidents placed "
        "by point or address.",
        "police_note": "{n} police notices are placed by municipality or county only: counted, not drawn.",
        "when": "When (hour and weekday)",
        "timed_note": "{n} incidents whose time is known within hours.",
        "dark": "{share} happened in darkness.",
        "protected": "Small counts are protected: 1–2 show as “< 3”, and “–” hides counts that could "
        "otherwise be worked out. Means and usual ranges are not shown.",
        "alert": "{what}{where}: {n} incidents in week {week}, {mean} expected (z = {z})",
        "in_area": " in {area}",
        "alerts": "Alerts",
        "no_alerts": "No alerts.",
        "final": "final",
        "interventions": "Interventions",
        "active": "Ongoing",
        "planned": "Planned next week",
        "ended": "Ended",
        "intervention": "Intervention",
        "area_label": "Area",
        "who": "Responsible",
        "dates": "Dates",
        "no_interventions": "No interventions.",
        "safety": "Perceived safety",
        "indicator": "Indicator",
        "value": "Value",
        "respondents": "Respondents",
        "measured": "Measured to",
        "sources": "Sources",
        "rests_on": "The report rests on",
        "reporting": "Reported this week",
        "silent": "Did not report this week (but did in the twelve weeks before)",
    },
}


def render_html(
    report: WeeklyReport,
    taxonomy: Taxonomy,
    language: Language = "sv",
    tenant_name: str = "",
    *,
    protect: bool = False,
) -> str:
    """The page; with ``protect``, as it may leave the tenant's organisations (small counts hidden)."""
    t = TEXTS[language]
    body = report.as_json()
    r = small_counts.protect(body) if protect else {**body, "protected": False}
    first = monday_of(report.week)
    return ENVIRONMENT.get_template("weekly.html").render(
        r=r, t=t, lang=language, tenant_name=tenant_name or report.tenant,
        first=first.isoformat(), last=(first + timedelta(days=6)).isoformat(),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        tables=[(d, rows[:12]) for d, rows in r["by"].items()],
        label=labeller(taxonomy, language),
        num=lambda value: number(value, language), pct=lambda share: f"{round(100 * share)} %",
        trend_svg=svg.bars([w[-3:] for w in r["trend"]], list(r["trend"].values()), title=t["trend"]),
        heat_svg=svg.heat(DAYS[language], HOURS, r["times"]["hour_weekday"], t["when"]),
        cells_svg=svg.dots([(c["lat"], c["lon"], c["incidents"]) for c in r["cells"]], r.get("outlines", []),
                           t["where"]),
    )  # fmt: skip
