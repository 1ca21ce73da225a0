"""What spike alerting reads from the warehouse: a week's series, their history and the alerts known."""

SERIES = """
SELECT tenant, area, category, count() FROM (
    SELECT tenant, arrayJoin(arrayConcat([''], area_ids)) AS area, category FROM {db}.current_incidents
    WHERE (NOT {some:Bool} OR tenant IN {tenants:Array(String)}) AND iso_week = {week:String}
      AND NOT is_summary
) GROUP BY tenant, area, category
"""
HISTORY_SQL = """
SELECT tenant, area, category, toMonday(local_date) AS monday, count() FROM (
    SELECT tenant, arrayJoin(arrayConcat([''], area_ids)) AS area, category, local_date
    FROM {db}.current_incidents
    WHERE tenant IN {tenants:Array(String)} AND category IN {categories:Array(String)} AND NOT is_summary
      AND local_date >= {first:Date} AND local_date < {monday:Date}
) GROUP BY tenant, area, category, monday
"""
STORED = """
SELECT * EXCEPT (alert_id, area_id, category), alert_id AS event_id, nullIf(area_id, '') AS area_id,
       nullIf(category, '') AS category
FROM {db}.alerts FINAL
WHERE week = {week:String} AND (NOT {some:Bool} OR tenant IN {tenants:Array(String)})
"""
