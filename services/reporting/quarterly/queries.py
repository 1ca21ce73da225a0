"""What the quarterly analysis reads from the warehouse, one query per part: a tenant's incidents of the
quarters asked, read to the last day reported (``through``), its spike alerts and its survey values."""

from __future__ import annotations

from embrace.geo.cells import text_in_warehouse

BY_AREA = """
SELECT area, quarter, category, count() FROM (
    SELECT arrayJoin(area_ids) AS area, quarter, category FROM {db}.current_incidents
    WHERE tenant = {tenant:String} AND quarter IN {quarters:Array(String)} AND NOT is_summary
    AND local_date <= {through:Date}
) GROUP BY area, quarter, category
"""
ALL = """
SELECT quarter, category, count() FROM {db}.current_incidents
WHERE tenant = {tenant:String} AND quarter IN {quarters:Array(String)} AND NOT is_summary
AND local_date <= {through:Date} GROUP BY ALL
"""
CELLS = f"""
SELECT {text_in_warehouse("h3_r9")}, round(avg(lat), 5), round(avg(lon), 5), count() AS n,
topKIf(1)(area_id, area_id != '')[1]
FROM {{db}}.current_incidents WHERE tenant = {{tenant:String}} AND quarter = {{quarter:String}}
AND NOT is_summary AND local_date <= {{through:Date}} AND h3_r9 != 0 GROUP BY h3_r9 ORDER BY n DESC LIMIT 10
"""
TIMES = """
SELECT weekday, part_of_day, count() AS n FROM {db}.current_incidents
WHERE tenant = {tenant:String} AND quarter = {quarter:String} AND NOT is_summary AND NOT long_window
AND local_date <= {through:Date}
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
