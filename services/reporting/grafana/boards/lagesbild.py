"""Lägesbild: the last whole week against the eight before it, by category, area and source."""

from __future__ import annotations

from grafana_foundation_sdk.builders.dashboard import Dashboard

from services.reporting.grafana.boards.frame import LAGESBILD, frame
from services.reporting.grafana.counting import INCIDENTS, THIS_WEEK, incidents_where, weekly, z_score
from services.reporting.grafana.panels import bars, cross_filter, number, rows, trend
from services.reporting.grafana.variables import BY_NAME, tenant_only

EIGHT_BEFORE = f"({THIS_WEEK} - 56)"
AGAINST_EIGHT = f"""
SELECT category, sumIf(n, week_start = {THIS_WEEK}) AS this_week,
round(sumIf(n, week_start < {THIS_WEEK}) / 8, 1) AS mean_8_weeks, {z_score("this_week", "mean_8_weeks")} AS z
FROM ({weekly(["category"], EIGHT_BEFORE, THIS_WEEK)})
GROUP BY category ORDER BY z DESC, category
"""
THIS_WEEK_TOTAL = f"SELECT sum(n) AS incidents FROM ({weekly([], THIS_WEEK, THIS_WEEK)})"
MEAN_TOTAL = f"""
SELECT round(sum(n) / 8, 1) AS mean_8_weeks FROM ({weekly([], EIGHT_BEFORE, f"({THIS_WEEK} - 7)")})
"""
WEEK_N, MEAN_N = f"sumIf(n, week_start = {THIS_WEEK})", f"sumIf(n, week_start < {THIS_WEEK}) / 8"
TOTAL_Z = f"""
SELECT {z_score(WEEK_N, MEAN_N)} AS z FROM ({weekly([], EIGHT_BEFORE, THIS_WEEK)})
"""
BY_GROUP = f"""
SELECT toDateTime(week_start) AS time, category_group, sum(n) AS incidents
FROM ({weekly(["category_group"])}) GROUP BY time, category_group ORDER BY time, category_group
"""
BY_AREA = f"""
SELECT area_id AS area, count() AS incidents FROM {INCIDENTS}
WHERE {incidents_where()} AND area_id != '' GROUP BY area ORDER BY incidents DESC, area LIMIT 25
"""
BY_SOURCE = f"""
SELECT source, sum(n) AS incidents FROM ({weekly(["source"])}) GROUP BY source ORDER BY incidents DESC, source
"""
OPEN_ALERTS = f"""
SELECT week, category, area_id AS area, observed, expected, z, severity, message FROM {{db}}.alerts FINAL
WHERE NOT retracted AND week >= formatDateTime(toMonday(toDate($__fromTime)), '%G-W%V')
AND {tenant_only()} AND {BY_NAME["category"].where()}
AND $__conditionalAll(area_id IN (${{area:singlequote}}), $area)
ORDER BY week DESC, z DESC LIMIT 100
"""


def lagesbild() -> Dashboard:
    return (
        frame(LAGESBILD, "Lägesbild", "The last whole week of the time range against the eight weeks before "
              "it: counts, Poisson z-scores (not percentages), categories, areas, sources and open alerts. "
              "Click a category, area or source to filter every panel.")
        .with_panel(number("Händelser senaste hela veckan", "Incidents in the last whole week of the range.",
                           THIS_WEEK_TOTAL, width=8))
        .with_panel(number("Snitt de åtta veckorna före",
                           "Mean incidents a week over the eight weeks before.", MEAN_TOTAL, width=8))
        .with_panel(number("z (Poisson)", "2(√week − √mean): about 0 is usual, 3 or more a spike.",
                           TOTAL_Z, width=8))
        .with_panel(rows("Kategorier: veckan mot de åtta före", "Per category: the last whole week, the mean "
                         "of the eight before and the Poisson z-score, highest first.", AGAINST_EIGHT,
                         cross_filter(LAGESBILD, {"category": "category"})))
        .with_panel(trend("Händelser per vecka", "Incidents per ISO week by category group.", BY_GROUP))
        .with_panel(bars("Områden", "Incidents by primary area in the range.", BY_AREA,
                         cross_filter(LAGESBILD, {"area": "area"})))
        .with_panel(bars("Källor", "Incidents by source in the range.", BY_SOURCE,
                         cross_filter(LAGESBILD, {"source": "source"})))
        .with_panel(rows("Öppna larm", "Spike alerts of the range's weeks that are not withdrawn.",
                         OPEN_ALERTS, cross_filter(LAGESBILD, {"category": "category"}), width=24))
    )  # fmt: skip
