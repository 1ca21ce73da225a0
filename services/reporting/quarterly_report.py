"""The quarterly analysis of a tenant: the quarter against the four before it (the first of which is the same
quarter last year), area by area; the most common phenomena; the most affected areas, places and times;
each intervention's effect; and the areas that need extra effort next quarter, ranked, with reasons.

Priority, said openly: an area scores by its level (its share of the tenant's incidents, times 10), its
rise (the Poisson z against the mean of the four quarters before, when above 0), its spike alerts in the
quarter (1 each) and its perceived safety (1 when its latest survey value of an indicator is above the
tenant's mean of that indicator, which reads "worse" for the shares of people who feel unsafe that
surveys report). Areas with fewer than 5 incidents in the quarter are not ranked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from embrace.warehouse import Warehouse
from embrace.weeks import label
from services.reporting.assessment import assess_active
from services.reporting.comparison import z_score
from services.reporting.outlines import outlines
from services.reporting.quarters import before, days

BY_AREA = """
SELECT area, quarter, category, count() FROM (
    SELECT arrayJoin(area_ids) AS area, quarter, category FROM {db}.current_incidents
    WHERE tenant = {tenant:String} AND quarter IN {quarters:Array(String)} AND NOT is_summary
) GROUP BY area, quarter, category
"""
ALL = """
SELECT quarter, category, count() FROM {db}.current_incidents
WHERE tenant = {tenant:String} AND quarter IN {quarters:Array(String)} AND NOT is_summary GROUP BY ALL
"""
CELLS = """
SELECT lower(hex(h3_r9)), round(avg(lat), 5), round(avg(lon), 5), count() AS n
FROM {db}.current_incidents WHERE tenant = {tenant:String} AND quarter = {quarter:String}
AND NOT is_summary AND h3_r9 != 0 GROUP BY h3_r9 ORDER BY n DESC LIMIT 10
"""
TIMES = """
SELECT weekday, part_of_day, count() AS n FROM {db}.current_incidents
WHERE tenant = {tenant:String} AND quarter = {quarter:String} AND NOT is_summary AND NOT long_window
GROUP BY weekday, part_of_day ORDER BY n DESC LIMIT 5
"""
ALERTS = """
SELECT area_id, count() FROM {db}.alerts FINAL WHERE tenant = {tenant:String} AND NOT retracted
AND area_id != '' AND week >= {first:String} AND week <= {last:String} GROUP BY area_id
"""
SAFETY = """
SELECT area_id, indicator, argMax(value, period_end) FROM {db}.survey_results FINAL
WHERE tenant = {tenant:String} AND NOT retracted AND period_end <= {last:Date} GROUP BY area_id, indicator
"""
MINIMUM = 5


@dataclass(frozen=True)
class AreaQuarter:
    area: str
    incidents: int
    mean_4: float
    same_quarter_last_year: int
    z_4: float
    z_year: float
    top_categories: list[tuple[str, int]]
    alerts: int
    score: float
    reasons: list[dict[str, Any]]  # {"reason": "level" | "rising" | "alerts" | "safety", ...its numbers}


def quarterly_report(warehouse: Warehouse, tenant: str, quarter: str, today: date) -> dict[str, Any]:
    earlier = before(quarter, 4)
    quarters = [*earlier, quarter]
    first, last = days(quarter)
    asked = {"tenant": tenant, "quarter": quarter, "quarters": quarters}
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
    areas = [_area(a, per_area[a], area_categories[a], quarters, int(alerts.get(a, 0)), worse.get(a, []),
                   whole) for a in per_area]  # fmt: skip
    ranked = sorted((a for a in areas if a.incidents >= MINIMUM), key=lambda a: (-a.score, a.area))
    return {
        "tenant": tenant, "quarter": quarter, "compared_with": earlier, "period": [str(first), str(last)],
        "totals": {"incidents": totals.get(quarter, 0), "mean_4": _mean(totals, earlier),
                   "same_quarter_last_year": totals.get(earlier[0], 0),
                   "z_4": z_score(totals.get(quarter, 0), _mean(totals, earlier))},
        "phenomena": categories[:10],
        "areas": [asdict(a) for a in sorted(areas, key=lambda a: (-a.incidents, a.area))],
        "priorities": [asdict(a) for a in ranked[:5]],
        "places": [dict(zip(("cell", "lat", "lon", "incidents"), row, strict=True))
                   for row in warehouse.query(CELLS, asked)],
        "outlines": outlines(warehouse.query, tenant, [a.area for a in ranked[:5]]),
        "times": [dict(zip(("weekday", "part_of_day", "incidents"), row, strict=True))
                  for row in warehouse.query(TIMES, asked)],
        "interventions": _effects(warehouse, tenant, first, min(last, today)),
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


def _area(area: str, by_quarter: dict[str, int], categories: dict[str, int], quarters: list[str],
          alerts: int, worse: list[str], whole: int) -> AreaQuarter:  # fmt: skip
    *earlier, quarter = quarters
    now, mean = by_quarter.get(quarter, 0), _mean(by_quarter, earlier)
    z_4, z_year = z_score(now, mean), z_score(now, by_quarter.get(earlier[0], 0))
    share = now / whole
    reasons: list[dict[str, Any]] = [{"reason": "level", "incidents": now, "percent": round(100 * share)}]
    if z_4 > 0:
        reasons.append({"reason": "rising", "z": z_4})
    if alerts:
        reasons.append({"reason": "alerts", "count": alerts})
    reasons += [{"reason": "safety", "indicator": indicator} for indicator in worse]
    score = round(10 * share + max(z_4, 0) + alerts + len(worse), 2)
    top = sorted(categories.items(), key=lambda item: (-item[1], item[0]))[:3]
    return AreaQuarter(
        area, now, mean, by_quarter.get(earlier[0], 0), z_4, z_year, top, alerts, score, reasons
    )


def _mean(counts: dict[str, int], quarters: list[str]) -> float:
    return round(sum(counts.get(q, 0) for q in quarters) / len(quarters), 2)


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
    """Each intervention of the quarter with an area, measured up to the quarter's end (or today)."""
    return [{"title": a.measured.title, "area": a.measured.area_id, "start": str(a.measured.during[0]),
             "wdd": a.difference.estimate, "z": round(a.difference.z, 2),
             "interval": [round(a.difference.low, 1), round(a.difference.high, 1)], "verdict": a.verdict}
            for a in assess_active(warehouse, tenant, first, last)]  # fmt: skip
