"""Insatser: interventions on the trends, and each one's incidents before and during it.

"Before" is as long as "during" (so far: up to the last reported day, the Sunday that ended last week, as
partners report a week once it is over) and ends the day the intervention began. Counts
are of the intervention's area (sub-areas included) and its targeted categories (all when it names
none). The raw counts say nothing of effect by themselves (a season moves them too): the judgement is
the weekly measurement's, against a fair comparison (``intervention_effects``, the Effekt table).
"""

from __future__ import annotations

from typing import Any, cast

from grafana_foundation_sdk.builders.dashboard import AnnotationQuery, Dashboard
from grafana_foundation_sdk.cog import builder as cogbuilder

from embrace.messages import VERDICTS
from services.dashboards.boards.frame import INSATSER, frame
from services.dashboards.counting import FROM_DAY, INCIDENTS, TO_DAY, TODAY, incidents_where
from services.dashboards.named_columns import AREA_NAMES, ORGANISATION_NAMES_BY_TENANT, name_or_code
from services.dashboards.names import said
from services.dashboards.panels import cross_filter, rows, trend
from services.dashboards.queries import CLICKHOUSE, SQL
from services.dashboards.variables import tenant_only

REPORTED = f"(toMonday({TODAY}) - 1)"  # embrace.weeks.reported_through, in SQL
IN_SWEDISH = {verdict: said["sv"] for verdict, said in VERDICTS.items()}
ACTIVE = f"""
NOT retracted AND {tenant_only()} AND $__conditionalAll(area_id IN (${{area:singlequote}}), $area)
AND start <= {TO_DAY} AND (end IS NULL OR end >= {FROM_DAY})
"""
ANNOTATIONS = f"""
SELECT toDateTime(i.start) AS time, toDateTime(ifNull(i.end, {TODAY})) AS timeEnd,
concat(i.title, ' (', {name_or_code("a", "i.area_id")}, ', ',
       {name_or_code("o", "i.responsible_organisation")}, ')') AS text, i.kind AS tags
FROM (SELECT * FROM {{db}}.interventions FINAL WHERE {ACTIVE}) AS i
LEFT JOIN {AREA_NAMES} AS a ON a.tenant = i.tenant AND a.area_id = i.area_id
LEFT JOIN {ORGANISATION_NAMES_BY_TENANT} AS o
    ON o.tenant = i.tenant AND o.organisation = i.responsible_organisation
"""
TREND = f"""
SELECT toDateTime(toMonday(local_date)) AS time, {said("category")} AS category, count() AS incidents
FROM {INCIDENTS}
WHERE {incidents_where()} GROUP BY time, category ORDER BY time, category
"""
BEFORE_AND_DURING = f"""
SELECT title, area, start, end, days, countIf(local_date >= start - days AND local_date < start) AS before,
countIf(local_date >= start AND local_date < start + days) AS during
FROM (
    SELECT tenant, intervention_id, title, area_id AS area, start, end, targeted_categories AS targeted,
    toUInt32(dateDiff('day', start, least(ifNull(end, {REPORTED}), {REPORTED})) + 1) AS days
    FROM {{db}}.interventions FINAL WHERE {ACTIVE} AND start <= {REPORTED}
) AS i
LEFT JOIN (
    SELECT tenant, arrayJoin(area_ids) AS area, category, local_date FROM {INCIDENTS}
    WHERE NOT is_summary AND {tenant_only()}
) AS c ON c.tenant = i.tenant AND c.area = i.area
WHERE empty(targeted) OR has(targeted, c.category) OR c.category = ''
GROUP BY intervention_id, title, area, start, end, days ORDER BY start DESC
"""
PERCENT = "concat(if({0} > 1, '+', ''), toString(round(100 * ({0} - 1))), ' %')"
EFFECTS = f"""
SELECT title, area_id AS area, during_first AS start, during_last AS until, target_before AS before,
target_during AS during, comparison_before AS comparison_before, comparison_during AS comparison_during,
arrayStringConcat(comparison_places, ', ') AS compared_with,
{PERCENT.format("relative_effect")} AS change,
concat({PERCENT.format("relative_low")}, ' – ', {PERCENT.format("relative_high")}) AS interval_95,
{PERCENT.format("ring_effect")} AS ring_change, {PERCENT.format("year_earlier_effect")} AS year_earlier,
transform(verdict, {list(IN_SWEDISH)}, {list(IN_SWEDISH.values())}, verdict) AS verdict
FROM {{db}}.intervention_effects FINAL
WHERE {tenant_only()} AND $__conditionalAll(area_id IN (${{area:singlequote}}), $area)
ORDER BY start DESC, title
"""


def _annotations() -> AnnotationQuery:
    query = cast(cogbuilder.Builder[Any], SQL(ANNOTATIONS, ref_id="Anno"))
    return (
        AnnotationQuery().name("Insatser").datasource(CLICKHOUSE).enable(True).icon_color("#8F3BB8")
        .target(query)
    )  # fmt: skip


def insatser() -> Dashboard:
    return (
        frame(INSATSER, "Insatser", "Interventions as annotations on the weekly trend, and for each one the "
              "incidents of its area and targeted categories before and during it, judged against a fair "
              "comparison. Follow-up, not proof: other things change too.", since="now-1y")
        .annotation(_annotations())
        .with_panel(trend("Händelser per vecka med insatser", "Incidents per ISO week by category; "
                          "interventions are the shaded periods.", TREND, width=24))
        .with_panel(rows("Före och under", "Per intervention: incidents in its area and targeted categories "
                         "in as many days before it as it has run, and while it ran. Raw counts: a season "
                         "moves them too; the Effekt table judges them.", BEFORE_AND_DURING,
                         cross_filter(INSATSER, {"area": "area"}), width=24))
        .with_panel(rows("Effekt", "The latest weekly measurement of each intervention: incidents of its "
                         "targeted categories in its area and in the comparison (the places whose weeks "
                         "before moved most like it), before and during; the relative change (the area's "
                         "change over the comparison's, which decides the verdict) with its 95% interval "
                         "allowing for over-dispersion, the 400 m ring's, the same periods a year earlier, "
                         "and what that means.", EFFECTS, cross_filter(INSATSER, {"area": "area"}), width=24))
    )  # fmt: skip
