"""The quarterly analysis as a page, Swedish or English."""

from __future__ import annotations

import math
from typing import Any

from embrace.messages import VERDICTS, Language
from embrace.taxonomy import Taxonomy
from services.reporting import small_counts, svg
from services.reporting.pages import DAYS, ENVIRONMENT, PARTS_OF_DAY, labeller, number

PROTECTED = {"sv": "Små tal skyddas: 1–2 visas som ”< 3”, och ”–” döljer tal som annars kunde räknas fram. "
                   "Snitt, z och effektmått visas inte.",
             "en": "Small counts are protected: 1–2 show as “< 3”, and “–” hides counts that could otherwise "
                   "be worked out. Means, z and effect measures are not shown."}  # fmt: skip
TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Kvartalsanalys",
        "incidents": "Händelser",
        "expected": "väntat",
        "no_history": "Inga tidigare kvartal att jämföra med (kommunen rapporterade inte då): "
        "förändringar och vanligt läge visas inte.",
        "year": "samma kvartal i fjol",
        "priorities": "Områden som behöver extra insatser nästa kvartal",
        "none": "Inga.",
        "rule": "Poäng: andel av kommunens händelser × 10, ökning (3 per fördubbling som ökningen säkert "
        "når: den nedre gränsen av dess 90 %-intervall), ett per larm, ett per trygghetsmått sämre än "
        "kommunens snitt. Områden med färre än 5 händelser rangordnas inte.",
        "change_note": "Förändringen är kvartalet mot det väntade: takten under de fyra kvartalen före, "
        "räknad på de dagar kommunen rapporterade, dragen mot kommunens förändring så mycket som områdets "
        "små tal kräver (empirisk Bayes), med 90 %-intervall.",
        "change": "förändring",
        "usual": "vanligt",
        "to": "till",
        "relative": "Relativ förändring",
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
        "effect_note": "Förändringen i området mot jämförelseområdenas (de områden vars veckor före insatsen "
        "följde områdets närmast), med 95 %-intervall. Under 0 %: färre händelser än jämförelsens trend "
        "förutsäger. ”–” när det är för lite data för att säga något.",
        **{verdict: said["sv"] for verdict, said in VERDICTS.items()},
        "level": "{incidents} händelser, {percent} % av kommunens",
        "rising": "ökar {percent} % (minst {at_least} %)",
        "rising_plain": "ökar",
        "alerts": "{count} larm",
        "safety": "{indicator} sämre än kommunens snitt",
    },
    "en": {
        "title": "Quarterly analysis",
        "incidents": "Incidents",
        "expected": "expected",
        "no_history": "No earlier quarter to compare with (the tenant was not reporting then): changes "
        "and the usual range are not shown.",
        "year": "same quarter last year",
        "priorities": "Areas that need extra effort next quarter",
        "none": "None.",
        "rule": "Score: share of the tenant's incidents × 10, rise (3 per doubling the rise is sure of: the "
        "lower end of its 90 % interval), one per alert, one per safety indicator worse than the tenant's "
        "mean. Areas with fewer than 5 incidents are not ranked.",
        "change_note": "The change is the quarter against the expected: the rate of the four quarters "
        "before, over the days the tenant was reporting, drawn towards the tenant's change as far as the "
        "area's small counts require (empirical Bayes), with a 90 % interval.",
        "change": "change",
        "usual": "usual",
        "to": "to",
        "relative": "Relative change",
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
        "effect_note": "The change in the area against its comparison's (the areas whose weeks before the "
        "intervention followed it most closely), with a 95 % interval. Below 0 %: fewer incidents than the "
        "comparison's trend predicts. “–” where there is too little data to tell.",
        **{verdict: said["en"] for verdict, said in VERDICTS.items()},
        "level": "{incidents} incidents, {percent} % of the tenant's",
        "rising": "rising {percent} % (at least {at_least} %)",
        "rising_plain": "rising",
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
        figures = {k: number(v, language) for k, v in why.items() if k != "reason"}
        return t[why["reason"] if figures or why["reason"] != "rising" else "rising_plain"].format(**figures)

    return ENVIRONMENT.get_template("quarterly.html").render(
        r=analysis, t=t, lang=language, tenant_name=tenant_name or analysis["tenant"], days=DAYS[language],
        parts=PARTS_OF_DAY[language],
        label=labeller(taxonomy, language), num=lambda value: number(value, language), reason=reason,
        pct=lambda ratio: _percent(ratio, language),
        places_svg=svg.dots([(c["lat"], c["lon"], c["incidents"]) for c in analysis["places"]],
                            analysis.get("outlines", []), t["where"]),
    )  # fmt: skip


def _percent(ratio: float, language: Language) -> str:
    """A ratio as a signed percentage change: 0.62 is "−38 %"; an unbounded one is "–"."""
    if not math.isfinite(ratio):
        return "–"
    change = round(100 * (ratio - 1))
    return f"{'+' if change > 0 else '−' if change < 0 else '±'}{number(abs(change), language)} %"
