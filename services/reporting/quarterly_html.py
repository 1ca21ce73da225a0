"""The quarterly analysis as a page, Swedish or English."""

from __future__ import annotations

from typing import Any

from embrace.messages import Language
from embrace.taxonomy import Taxonomy
from services.reporting import small_counts, svg
from services.reporting.effect import SAID
from services.reporting.pages import DAYS, ENVIRONMENT, PARTS_OF_DAY, labeller, number

PROTECTED = {"sv": "Små tal skyddas: 1–2 visas som ”< 3”, och ”–” döljer tal som annars kunde räknas fram. "
                   "Snitt, z och effektmått visas inte.",
             "en": "Small counts are protected: 1–2 show as “< 3”, and “–” hides counts that could otherwise "
                   "be worked out. Means, z and effect measures are not shown."}  # fmt: skip
TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Kvartalsanalys",
        "incidents": "Händelser",
        "mean_4": "snitt 4 kv",
        "year": "samma kvartal i fjol",
        "priorities": "Områden som behöver extra insatser nästa kvartal",
        "none": "Inga.",
        "rule": "Poäng: andel av kommunens händelser × 10, ökning (z mot de fyra kvartalen före, om över 0), "
        "ett per larm, ett per trygghetsmått sämre än kommunens snitt. Områden med färre än 5 händelser "
        "rangordnas inte.",
        "phenomena": "Vanligaste företeelser",
        "areas": "Område för område",
        "area": "Område",
        "quarter": "Kvartalet",
        "common": "Vanligast",
        "when": "Mest utsatta tider",
        "where": "Mest utsatta platser",
        "cell": "H3-cell",
        "places_note": "H3-celler (cirka 0,1 km²) med händelser med punkt eller adress; de prioriterade "
        "områdena inritade.",
        "effects": "Insatsernas effekt",
        "intervention": "Insats",
        "verdict": "Bedömning",
        "wdd_note": "WDD (Wheeler & Ratcliffe 2018): förändringen i området minus resten av kommunen, med en "
        "buffertzon på 400 m. Under noll: färre händelser än väntat.",
        **{verdict: said["sv"] for verdict, said in SAID.items()},
        "level": "{incidents} händelser, {percent} % av kommunens",
        "rising": "ökar (z {z})",
        "alerts": "{count} larm",
        "safety": "{indicator} sämre än kommunens snitt",
    },
    "en": {
        "title": "Quarterly analysis",
        "incidents": "Incidents",
        "mean_4": "mean 4 qtr",
        "year": "same quarter last year",
        "priorities": "Areas that need extra effort next quarter",
        "none": "None.",
        "rule": "Score: share of the tenant's incidents × 10, rise (z against the four quarters before, when "
        "above 0), one per alert, one per safety indicator worse than the tenant's mean. Areas with "
        "fewer than 5 incidents are not ranked.",
        "phenomena": "Most common phenomena",
        "areas": "Area by area",
        "area": "Area",
        "quarter": "Quarter",
        "common": "Most common",
        "when": "Most affected times",
        "where": "Most affected places",
        "cell": "H3 cell",
        "places_note": "H3 cells (about 0.1 km²) of incidents placed by point or address; the priority "
        "areas outlined.",
        "effects": "Interventions' effect",
        "intervention": "Intervention",
        "verdict": "Verdict",
        "wdd_note": "WDD (Wheeler & Ratcliffe 2018): the change in the area less the rest of the "
        "municipality, with a 400 m buffer. Below zero: fewer incidents than expected.",
        **{verdict: said["en"] for verdict, said in SAID.items()},
        "level": "{incidents} incidents, {percent} % of the tenant's",
        "rising": "rising (z {z})",
        "alerts": "{count} alerts",
        "safety": "{indicator} worse than the tenant's mean",
    },
}


def render_quarterly(analysis: dict[str, Any], taxonomy: Taxonomy, language: Language = "sv",
                     tenant_name: str = "", *, protect: bool = False) -> str:  # fmt: skip
    """The page; with ``protect``, as it may leave the tenant's organisations (small counts hidden)."""
    t = {**TEXTS[language], "protected": PROTECTED[language]}
    analysis = small_counts.protect_quarterly(analysis) if protect else {**analysis, "protected": False}

    def reason(why: dict[str, Any]) -> str:
        return t[why["reason"]].format(**{k: number(v, language) for k, v in why.items() if k != "reason"})

    return ENVIRONMENT.get_template("quarterly.html").render(
        r=analysis, t=t, lang=language, tenant_name=tenant_name or analysis["tenant"], days=DAYS[language],
        parts=PARTS_OF_DAY[language],
        label=labeller(taxonomy, language), num=lambda value: number(value, language), reason=reason,
        places_svg=svg.dots([(c["lat"], c["lon"], c["incidents"]) for c in analysis["places"]],
                            analysis.get("outlines", []), t["where"]),
    )  # fmt: skip
