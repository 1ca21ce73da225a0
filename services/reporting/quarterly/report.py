"""The quarterly analysis of a tenant: the quarter against the four before it (the first of which is the same
quarter last year), area by area; the most common phenomena; the most affected areas, places and times;
each intervention's effect; and the areas that need extra effort next quarter, ranked, with reasons.

Priority, said openly: an area scores by its level (its share of the tenant's incidents, times 10), its
rise (3 × log₂ of the lower end of its rise's 90 % interval, when that is above 1: a rise that is sure to be
at least a doubling scores 3), its spike alerts in the quarter (1 each) and its perceived safety (1 when its
latest survey value of an indicator is above the tenant's mean of that indicator, which reads "worse" for
the shares of people who feel unsafe that surveys report). Areas with fewer than 5 incidents in the
quarter are not ranked.

An area's rise is its quarter against what the four before lead one to expect, shrunk towards the
tenant's rise by how little its count can say (:mod:`embrace.statistics.shrinkage`), after allowing for
the areas' over-dispersion: an area with 5 incidents does not top the list by chance.

"Expected" is a rate, not a plain mean: only the days on which the tenant was reporting count (from its
first incident on, up to the last reported day), so a tenant that joined last month or a quarter still
running is not read as a rise. A running quarter is read to the end of the last week that has ended:
partners report a week once it is over, so the days since are not yet known. An earlier quarter with
fewer than four weeks of such days is left out (:class:`~services.reporting.quarterly.quarters.Exposure`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from embrace.statistics.dispersion import of_table
from embrace.statistics.flags import judge
from embrace.statistics.shrinkage import Shrunk, rate_ratios
from embrace.warehouse import Warehouse
from embrace.warehouse.begun import began
from embrace.weeks import label, reported_through
from services.reporting.effects.follow_up import assess_active
from services.reporting.outlines import outlines
from services.reporting.quarterly.decided import decided_before
from services.reporting.quarterly.quarters import Exposure, before, days
from services.reporting.quarterly.queries import ALERTS, ALL, BY_AREA, CELLS, SAFETY, TIMES

MINIMUM = 5
RISE_POINTS = 3  # per doubling the rise is sure of
# The earlier quarters a usual range of the total needs: one cannot show how far quarters vary, and from
# two that spread has one degree of freedom, whose t reaches 12.7 for 19 in 20 (a quarter of 291: 0–1019).
USUAL_FROM = 3


@dataclass(frozen=True)
class AreaQuarter:
    area: str
    incidents: int
    expected: float | None  # by the rate of the quarters before, over the days of this one
    same_quarter_last_year: int | None  # None where the tenant was not reporting then
    change: float  # this quarter over the expected, shrunk towards the tenant's
    change_low: float  # its 90 % interval
    change_high: float
    top_categories: list[tuple[str, int]]
    alerts: int
    score: float
    reasons: list[dict[str, Any]]  # {"reason": "level" | "rising" | "alerts" | "safety", ...its numbers}


def quarterly_report(warehouse: Warehouse, tenant: str, quarter: str, today: date) -> dict[str, Any]:
    earlier = before(quarter, 4)
    quarters = [*earlier, quarter]
    first, last = days(quarter)
    through = min(last, reported_through(today))  # a running quarter: its weeks reported so far
    asked = {"tenant": tenant, "quarter": quarter, "quarters": quarters, "through": through}
    exposure = Exposure.of(quarter, earlier, began(warehouse, [tenant]), through)
    totals, categories = _counts(warehouse.query(ALL, asked), quarter)
    per_area: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    area_categories: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for area, q, category, n in warehouse.query(BY_AREA, asked):
        per_area[area][q] += int(n)
        if q == quarter:
            area_categories[area][category] += int(n)
    alerts = dict(warehouse.query(ALERTS, {"tenant": tenant, "first": label(first), "last": label(last)}))
    worse = _worse_than_mean(warehouse.query(SAFETY, {"tenant": tenant, "last": last}))
    whole = max(totals.get(quarter, 0), 1)
    rises = _rises(per_area, quarter, exposure)
    areas = [_area(a, per_area[a], area_categories[a], quarters, int(alerts.get(a, 0)), worse.get(a, []),
                   whole, rises[a], exposure) for a in per_area]  # fmt: skip
    ranked = sorted((a for a in areas if a.incidents >= MINIMUM), key=lambda a: (-a.score, a.area))
    return {
        "tenant": tenant, "quarter": quarter, "compared_with": list(exposure.before),
        "period": [str(first), str(last)], "through": str(through),
        "totals": _totals(totals, quarter, earlier, exposure),
        "phenomena": categories[:10],
        "areas": [asdict(a) for a in sorted(areas, key=lambda a: (-a.incidents, a.area))],
        "priorities": [asdict(a) for a in ranked[:5]],
        "places": [dict(zip(("cell", "lat", "lon", "incidents", "area"), row, strict=True))
                   for row in warehouse.query(CELLS, asked)],
        "outlines": outlines(warehouse.query, tenant, [a.area for a in ranked[:5]]),
        "times": [dict(zip(("weekday", "part_of_day", "incidents"), row, strict=True))
                  for row in warehouse.query(TIMES, asked)],
        "interventions": _effects(warehouse, tenant, first, through),
        "decided_before": decided_before(warehouse, tenant, quarter, per_area),
    }  # fmt: skip


def _counts(rows: list[tuple[Any, ...]], quarter: str) -> tuple[dict[str, int], list[dict[str, Any]]]:
    totals: dict[str, int] = defaultdict(int)
    now: dict[str, int] = defaultdict(int)
    for q, category, n in rows:
        totals[q] += int(n)
        if q == quarter:
            now[category] += int(n)
    ranked = sorted(now.items(), key=lambda item: (-item[1], item[0]))
    return totals, [{"category": c, "incidents": n} for c, n in ranked]


def _totals(totals: dict[str, int], quarter: str, earlier: list[str], exposure: Exposure) -> dict[str, Any]:
    scaled = exposure.scaled(totals)
    usual = list(judge(totals.get(quarter, 0), scaled).usual) if len(scaled) >= USUAL_FROM else None
    return {"incidents": totals.get(quarter, 0), "expected": exposure.shown(totals),
            "same_quarter_last_year": exposure.a_year_ago(totals, earlier[0]), "usual": usual}  # fmt: skip


def _rises(per_area: dict[str, dict[str, int]], quarter: str, exposure: Exposure) -> dict[str, Shrunk]:
    """Each area's quarter against its expected, shrunk (empirical Bayes)."""
    names = sorted(per_area)
    dispersion = of_table([[per_area[a].get(q, 0) for q in exposure.before] for a in names]).phi
    shrunk = rate_ratios([per_area[a].get(quarter, 0) for a in names],
                         [exposure.expected(per_area[a]) for a in names], dispersion)  # fmt: skip
    return dict(zip(names, shrunk, strict=True))


def _area(area: str, by_quarter: dict[str, int], categories: dict[str, int], quarters: list[str],
          alerts: int, worse: list[str], whole: int, rise: Shrunk,
          exposure: Exposure) -> AreaQuarter:  # fmt: skip
    *earlier, quarter = quarters
    now = by_quarter.get(quarter, 0)
    share = now / whole
    reasons: list[dict[str, Any]] = [{"reason": "level", "incidents": now, "percent": round(100 * share)}]
    rising = RISE_POINTS * math.log2(rise.low) if rise.low > 1 else 0.0
    if rising:
        reasons.append({"reason": "rising", "percent": round(100 * (rise.ratio - 1)),
                        "at_least": round(100 * (rise.low - 1))})  # fmt: skip
    if alerts:
        reasons.append({"reason": "alerts", "count": alerts})
    reasons += [{"reason": "safety", "indicator": indicator} for indicator in worse]
    score = round(10 * share + rising + alerts + len(worse), 2)
    top = sorted(categories.items(), key=lambda item: (-item[1], item[0]))[:3]
    return AreaQuarter(area, now, exposure.shown(by_quarter), exposure.a_year_ago(by_quarter, earlier[0]),
                       round(rise.ratio, 3), round(rise.low, 3), round(rise.high, 3), top, alerts, score,
                       reasons)  # fmt: skip


def _worse_than_mean(rows: list[tuple[Any, ...]]) -> dict[str, list[str]]:
    by_indicator: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for area, indicator, value in rows:
        by_indicator[indicator].append((area, float(value)))
    worse: dict[str, list[str]] = defaultdict(list)
    for indicator, values in by_indicator.items():
        mean = sum(v for _, v in values) / len(values)
        for area, value in values:
            if value > mean:
                worse[area].append(indicator)
    return worse


def _effects(warehouse: Warehouse, tenant: str, first: date, last: date) -> list[dict[str, Any]]:
    """Each intervention of the quarter with an area, measured up to ``last``: the quarter's end, or the
    last reported day of a running one."""
    return [{"title": a.plan.title, "area": a.plan.area_id, "start": str(a.periods.start),
             "relative_effect": None if a.target is None else round(a.target.ratio, 3),
             "interval": None if a.target is None else [round(a.target.low, 3), round(a.target.high, 3)],
             "comparison": a.chosen.kind if a.chosen else "none", "verdict": a.verdict}
            for a in assess_active(warehouse, tenant, first, last)]  # fmt: skip
