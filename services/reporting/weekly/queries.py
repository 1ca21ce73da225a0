"""What the weekly situation report reads from the warehouse, one query per part. ``tenant`` is one
tenant's code, or '' for the region: every tenant. ``{scope}`` becomes the tenant's condition (or none
for the region) before a query runs, so the sort key's index serves it."""

from __future__ import annotations

from embrace.geo.cells import text_in_warehouse

# Areas are each tenant's own: in the region, they are named with their tenant.
AREA = "if({tenant:String} = '' AND area_id != '', concat(tenant, '/', area_id), area_id)"
# Counts per dimension, key and week, for every week a report compares.
BY_DIMENSION = f"""
SELECT pair.1 AS dimension, pair.2 AS key, iso_week, count() AS n FROM (
    SELECT iso_week, arrayJoin([('category_group', category_group), ('category', category),
                                ('source', source), ('tenant', tenant),
                                ('area', {AREA})]) AS pair
    FROM {{db}}.current_incidents
    WHERE {{scope}} AND iso_week IN {{weeks:Array(String)}} AND NOT is_summary
) WHERE key != '' GROUP BY dimension, key, iso_week
"""
LAST_WEEK = """
FROM {db}.current_incidents
WHERE {scope} AND iso_week = {week:String} AND NOT is_summary
"""
# Where a cell's incidents are on average, inside the cell (h3ToGeo's result order differs between
# ClickHouse versions), and the area most of them were placed in, to name the cell by.
CELLS = f"""
SELECT {text_in_warehouse("h3_r9")} AS cell, round(avg(lat), 5) AS lat, round(avg(lon), 5) AS lon,
count() AS incidents, topKIf(1)({AREA}, area_id != '')[1] AS area
{LAST_WEEK} AND h3_r9 != 0 GROUP BY h3_r9 ORDER BY incidents DESC, cell LIMIT 10
"""
HOURS = f"SELECT weekday, hour, count() {LAST_WEEK} AND NOT long_window GROUP BY weekday, hour"
PARTS_OF_DAY = f"SELECT part_of_day, count() {LAST_WEEK} AND NOT long_window GROUP BY part_of_day"
DARKNESS = f"SELECT countIf(is_dark), countIf(is_dark IS NOT NULL) {LAST_WEEK}"
UNPLACED_POLICE = f"""
SELECT count() {LAST_WEEK} AND source = 'police_events' AND location_precision IN ('municipality', 'county')
"""
ORGANISATIONS = """
SELECT if({tenant:String} = '', concat(tenant, '/', organisation), organisation) AS who,
countIf(iso_week = {week:String}) AS last_week FROM {db}.current_incidents
WHERE {scope} AND iso_week IN {weeks:Array(String)} AND NOT is_summary
GROUP BY who ORDER BY who
"""
# A report of no incidents that is still the report's latest version says its organisation had nothing
# to report that week.
NOTHING_TO_REPORT = """
SELECT DISTINCT if({tenant:String} = '', concat(tenant, '/', organisation), organisation) AS who
FROM {db}.report_versions FINAL
WHERE {scope} AND reporting_week = {week:String} AND NOT retracted AND incident_count = 0 ORDER BY who
"""
ALERTS = """
SELECT week, category, area_id, observed, expected, z, severity, closed, message FROM {db}.alerts FINAL
WHERE {scope} AND NOT retracted AND week IN {weeks:Array(String)}
ORDER BY week DESC, z DESC
"""
INTERVENTIONS = """
SELECT title, kind, area_id, responsible_organisation, status, start, end FROM {db}.interventions FINAL
WHERE {scope} AND NOT retracted AND start <= {until:Date}
AND (end IS NULL OR end >= {since:Date}) ORDER BY start, title
"""
SAFETY = """
SELECT area_id, indicator, measure, argMax(value, period_end), argMax(respondents, period_end),
max(period_end) FROM {db}.survey_results FINAL
WHERE {scope} AND NOT retracted AND area_id IN {areas:Array(String)}
AND period_end <= {until:Date} GROUP BY area_id, indicator, measure ORDER BY area_id, indicator
"""


def scoped(sql: str, tenant: str) -> str:
    return sql.replace("{scope}", "tenant = {tenant:String}" if tenant else "1")
