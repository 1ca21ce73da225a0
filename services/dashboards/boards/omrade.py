"""Område: one area (or several) in depth: trend, categories, times, interventions, perceived safety."""

from __future__ import annotations

from grafana_foundation_sdk.builders.dashboard import Dashboard

from services.dashboards.boards.frame import OMRADE, frame
from services.dashboards.counting import FIRST_WEEK, FROM_DAY, INCIDENTS, LAST_WEEK, TO_DAY, incidents_where
from services.dashboards.named_columns import AREA_NAMES, name_or_code
from services.dashboards.names import said
from services.dashboards.panels import bars, cross_filter, rows, trend
from services.dashboards.variables import tenant_only

IN_AREA = "$__conditionalAll(area_id IN (${area:singlequote}), $area)"
TREND = f"""
SELECT toDateTime(toMonday(local_date)) AS time, {said("category_group")} AS category_group,
count() AS incidents FROM {INCIDENTS}
WHERE {incidents_where()} GROUP BY time, category_group ORDER BY time, category_group
"""
CATEGORIES = f"""
SELECT category, count() AS incidents FROM {INCIDENTS} WHERE {incidents_where()}
GROUP BY category ORDER BY incidents DESC, category
"""
TIMES = f"""
SELECT part_of_day, count() AS incidents FROM {INCIDENTS} WHERE {incidents_where()}
GROUP BY part_of_day ORDER BY incidents DESC, part_of_day
"""
INTERVENTIONS = f"""
SELECT title, kind, area_id AS area, start, end, responsible_organisation AS ansvarig, status
FROM {{db}}.interventions FINAL WHERE NOT retracted AND {tenant_only()} AND {IN_AREA}
AND start <= {TO_DAY} AND (end IS NULL OR end >= {FROM_DAY})
ORDER BY start DESC LIMIT 100
"""
SAFETY = f"""
SELECT toDateTime(r.period_end) AS time,
concat({name_or_code("a", "r.area_id")}, ': ', r.indicator) AS series, avg(r.value) AS value
FROM (
    SELECT * FROM {{db}}.survey_results FINAL WHERE NOT retracted AND {tenant_only()} AND {IN_AREA}
    AND period_end BETWEEN {FIRST_WEEK} AND {LAST_WEEK} + 6
) AS r
LEFT JOIN {AREA_NAMES} AS a ON a.tenant = r.tenant AND a.area_id = r.area_id
GROUP BY time, series ORDER BY time, series
"""


def omrade() -> Dashboard:
    return (
        frame(OMRADE, "Område", "One area's drill-down: choose it in the Område variable (sub-areas count "
              "in their parents). Trend, categories, times of day, the interventions there and the "
              "perceived safety measured there.", since="now-26w")
        .with_panel(trend("Händelser per vecka", "Incidents in the area per ISO week by category group.",
                          TREND))
        .with_panel(bars("Kategorier", "Incidents by category.", CATEGORIES,
                         cross_filter(OMRADE, {"category": "category"})))
        .with_panel(bars("Tid på dygnet", "Incidents by part of the day.", TIMES, width=8))
        .with_panel(rows("Insatser", "Interventions in the area during the time range.", INTERVENTIONS,
                         width=16))
        .with_panel(trend("Upplevd trygghet",
                          "Survey results in the area by indicator, at each period's end.", SAFETY, width=24))
    )  # fmt: skip
