"""Trygghet: perceived safety from surveys beside the incidents, per area and survey period."""

from __future__ import annotations

from grafana_foundation_sdk.builders.dashboard import Dashboard

from services.dashboards.boards.frame import TRYGGHET, frame
from services.dashboards.counting import FROM_DAY, INCIDENTS, TO_DAY
from services.dashboards.panels import cross_filter, rows, trend
from services.dashboards.variables import filters, tenant_only

RESULTS = f"""
NOT retracted AND {tenant_only()} AND $__conditionalAll(area_id IN (${{area:singlequote}}), $area)
AND period_end >= {FROM_DAY} AND period_start <= {TO_DAY}
"""
SAFETY = f"""
SELECT toDateTime(period_end) AS time, concat(indicator, ' (', measure, ')') AS series, avg(value) AS value
FROM {{db}}.survey_results FINAL WHERE {RESULTS} GROUP BY time, series ORDER BY time, series
"""
BESIDE_INCIDENTS = f"""
SELECT r.area_id AS area, r.survey AS survey, r.period_start AS period_start, r.period_end AS period_end,
r.indicator AS indicator, r.measure AS measure, r.value AS value, r.respondents AS respondents,
countIf(c.local_date BETWEEN r.period_start AND r.period_end) AS incidents
FROM (SELECT * FROM {{db}}.survey_results FINAL WHERE {RESULTS}) AS r
LEFT JOIN (
    SELECT tenant, arrayJoin(area_ids) AS area, local_date FROM {INCIDENTS}
    WHERE NOT is_summary AND {filters(skip=["area"])}
) AS c ON c.tenant = r.tenant AND c.area = r.area_id
GROUP BY area, survey, period_start, period_end, indicator, measure, value, respondents
ORDER BY period_end DESC, area, indicator
"""


def trygghet() -> Dashboard:
    return (
        frame(TRYGGHET, "Trygghet", "Perceived safety from surveys (imported with embrace import surveys) "
              "beside the incidents reported in the same area and period.", since="now-2y")
        .with_panel(trend("Upplevd trygghet över tid", "Survey results by indicator at each period's end "
                          "(the mean over the areas chosen).", SAFETY, width=24))
        .with_panel(rows("Trygghet och händelser per område och period", "Each survey result with the "
                         "incidents (all categories chosen above) in its area during its period.",
                         BESIDE_INCIDENTS, cross_filter(TRYGGHET, {"area": "area"}), width=24, height=10))
    )  # fmt: skip
