"""The quarterly analysis as a page, Swedish or English."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from embrace.http.frame import TopBar
from embrace.i18n import section
from embrace.messages import VERDICTS, Language
from embrace.naming import Names, labeller
from embrace.taxonomy import Taxonomy
from services.reporting import small_counts, svg
from services.reporting.pages import ENVIRONMENT, days, number, parts_of_day


def render_quarterly(analysis: dict[str, Any], taxonomy: Taxonomy, language: Language = "sv",
                     names: Names | None = None, *, protect: bool = False,
                     frame: TopBar | None = None) -> str:  # fmt: skip
    """The page, its codes read by ``names``; with ``protect``, as it may leave the tenant's
    organisations (small counts hidden); with ``frame``, in the web app's top bar."""
    t = {**section("quarterly.", language), **{v: said[language] for v, said in VERDICTS.items()}}
    analysis = small_counts.protect_quarterly(analysis) if protect else {**analysis, "protected": False}
    return ENVIRONMENT.get_template("quarterly.html").render(
        frame=frame, active="quarterly", r=analysis, t=t, lang=language,
        tenant_name=(names and names.tenant) or analysis["tenant"],
        days=days(language), parts=parts_of_day(language),
        label=labeller(taxonomy, language, names), reason=reason_reader(language),
        pct=lambda ratio: _percent(ratio, language),
        places_svg=svg.dots([(c["lat"], c["lon"], c["incidents"]) for c in analysis["places"]],
                            analysis.get("outlines", []), t["where"]),
    )  # fmt: skip


def reason_reader(language: Language) -> Callable[[dict[str, Any]], str]:
    """How a priority's reason reads: ``{"reason": "rising", "low": 1.5}`` as a sentence."""
    t = section("quarterly.", language)

    def reason(why: dict[str, Any]) -> str:
        figures = {k: number(v, language) for k, v in why.items() if k != "reason"}
        return t[why["reason"] if figures or why["reason"] != "rising" else "rising_plain"].format(**figures)

    return reason


def _percent(ratio: float, language: Language) -> str:
    """A ratio as a signed percentage change: 0.62 is "−38 %"; an unbounded one is "–"."""
    if not math.isfinite(ratio):
        return "–"
    change = round(100 * (ratio - 1))
    return f"{'+' if change > 0 else '−' if change < 0 else '±'}{number(abs(change), language)} %"
