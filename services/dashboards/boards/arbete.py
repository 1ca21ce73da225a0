"""Arbete: the working loop. Problems by step, tasks done and overdue by organisation and week, how long
problems take from mapping to follow-up, how regularly each partner reports, and the quarterly meetings'
priority areas with their incidents before and since. Each version of a
problem and a task is kept in the warehouse; these read each one's latest. A problem's row links to
Lägesbild narrowed to its scope (one row per category and area of it)."""

from __future__ import annotations

from grafana_foundation_sdk.builders.dashboard import Dashboard

from services.dashboards.boards.frame import ARBETE, LAGESBILD, OMRADE, frame
from services.dashboards.counting import FIRST_WEEK, FROM_DAY, INCIDENTS, THIS_WEEK, TO_DAY, TODAY, iso_week
from services.dashboards.panels import bars, cross_filter, number, rows, trend
from services.dashboards.variables import tenant_only

# Where a problem stands: its step while open, else closed.
STEPS = "['mapping', 'analysis', 'intervention', 'follow_up', 'feedback', 'closed']"
IN_SWEDISH = "['kartläggning', 'analys', 'insats', 'uppföljning', 'återkoppling', 'avslutat']"
PROBLEMS = f"""(SELECT * FROM (
    SELECT tenant, problem_id, argMax(title, version) AS title,
    if(argMax(closed_in, version) = '', argMax(step, version), 'closed') AS current_step,
    argMax(retracted, version) AS gone, argMax(area_ids, version) AS areas,
    argMax(categories, version) AS categories, argMax(responsible_organisation, version) AS responsible,
    min(occurred) AS mapped, minIf(occurred, step IN ('follow_up', 'feedback')) AS followed_up,
    countIf(step IN ('follow_up', 'feedback')) > 0 AS has_followed_up
    FROM {{db}}.problems WHERE {tenant_only()} GROUP BY tenant, problem_id
) WHERE NOT gone)"""
TASKS = f"""(SELECT * FROM (
    SELECT tenant, task_id, argMax(organisation, version) AS organisation, argMax(status, version) AS status,
    argMax(due_week, version) AS due_week, argMax(retracted, version) AS gone
    FROM {{db}}.tasks WHERE {tenant_only()} GROUP BY tenant, task_id
) WHERE NOT gone)"""
RUNNING = iso_week(TODAY)
BY_STEP = f"""
SELECT transform(current_step, {STEPS}, {IN_SWEDISH}, current_step) AS steg, count() AS problem
FROM {PROBLEMS} GROUP BY current_step ORDER BY indexOf({STEPS}, current_step)
"""
BY_ORGANISATION = f"""
SELECT organisation, countIf(status = 'done') AS klara, countIf(status = 'not_done') AS inte_gjorda,
countIf(status IN ('open', 'moved') AND due_week >= {RUNNING}) AS pagaende,
countIf(status IN ('open', 'moved') AND due_week < {RUNNING}) AS forsenade
FROM {TASKS} GROUP BY organisation ORDER BY forsenade DESC, organisation
"""
PER_WEEK = f"""
SELECT toDateTime(toMonday(makeDate(toUInt16(substring(due_week, 1, 4)), 1, 4))
       + toIntervalWeek(toUInt8(substring(due_week, 7, 2)) - 1)) AS time,
transform(status, ['done', 'not_done', 'open', 'moved'],
          ['klar', 'inte gjord', 'att göra', 'flyttad'], status) AS status, count() AS uppgifter
FROM {TASKS} WHERE due_week <= {RUNNING} GROUP BY time, status ORDER BY time, status
"""
OVERDUE = f"SELECT countIf(status IN ('open', 'moved') AND due_week < {RUNNING}) AS forsenade FROM {TASKS}"
# The range's whole weeks, as ISO week labels: a partner reports a week once it has ended.
RANGE_WEEKS = (
    f"arrayMap(i -> {iso_week(f'{FIRST_WEEK} + toIntervalWeek(i)')}, "
    f"range(toUInt32(greatest(0, intDiv(dateDiff('day', {FIRST_WEEK}, {THIS_WEEK}), 7) + 1))))"
)
# A week an organisation reported: incidents in it, or a standing report of none (nothing to report).
SENT = f"""
SELECT tenant, organisation, week, sum(n) AS incidents FROM (
    SELECT tenant, organisation, iso_week AS week, count() AS n FROM {INCIDENTS}
    WHERE NOT is_summary AND {tenant_only()} AND has({RANGE_WEEKS}, iso_week)
    GROUP BY tenant, organisation, week
    UNION ALL
    SELECT tenant, organisation, reporting_week AS week, 0 AS n FROM {{db}}.report_versions FINAL
    WHERE NOT retracted AND incident_count = 0 AND {tenant_only()} AND has({RANGE_WEEKS}, reporting_week)
) GROUP BY tenant, organisation, week
"""
REPORTING = f"""
SELECT o.organisation AS organisation, length({RANGE_WEEKS}) AS veckor,
countIf(s.incidents > 0) AS med_handelser, countIf(s.week != '' AND s.incidents = 0) AS inget_att_rapportera,
veckor - med_handelser - inget_att_rapportera AS utan_rapport
FROM (SELECT tenant, organisation FROM {{db}}.organisations FINAL
      WHERE NOT retracted AND {tenant_only()}) AS o
LEFT JOIN ({SENT}) AS s ON s.tenant = o.tenant AND s.organisation = o.organisation
GROUP BY o.tenant, o.organisation ORDER BY utan_rapport DESC, organisation
"""
# A quarter's label ('2026-Q3') of a date, the label of the quarter after one, and its first day.
QUARTER = "concat(toString(toYear({})), '-Q', toString(toQuarter({})))"
AFTER = ("if(endsWith(period, 'Q4'), concat(toString(toUInt16(substring(period, 1, 4)) + 1), '-Q1'), "
         "concat(substring(period, 1, 6), toString(toUInt8(substring(period, 7, 1)) + 1)))")  # fmt: skip
BEGINS = "makeDate(toUInt16(substring(prioriterat, 1, 4)), 3 * toUInt8(substring(prioriterat, 7, 1)) - 2, 1)"
PRIORITIES = f"""
SELECT m.area AS area, m.period AS beslutat_om, m.prioriterat AS prioriterat,
countIf(i.quarter = m.period) AS handelser_da, countIf(i.quarter = m.prioriterat) AS handelser_sedan
FROM (SELECT tenant, period, arrayJoin(priority_areas) AS area, {AFTER} AS prioriterat, {BEGINS} AS begins
      FROM {{db}}.meetings FINAL WHERE kind = 'quarterly' AND {tenant_only()}) AS m
LEFT JOIN (SELECT tenant, arrayJoin(area_ids) AS area, {QUARTER.format("local_date", "local_date")} AS quarter
           FROM {INCIDENTS} WHERE NOT is_summary AND {tenant_only()}
           AND local_date >= toStartOfQuarter({FROM_DAY}) - toIntervalMonth(6)) AS i
       ON i.tenant = m.tenant AND i.area = m.area
WHERE m.begins <= {TO_DAY} AND m.begins + toIntervalMonth(3) > {FROM_DAY}
GROUP BY m.tenant, m.area, m.period, m.prioriterat ORDER BY prioriterat DESC, area
"""
LIST = f"""
SELECT title AS problem, transform(current_step, {STEPS}, {IN_SWEDISH}, current_step) AS steg,
responsible AS ansvarig,
arrayJoin(if(empty(categories), [''], categories)) AS category,
arrayJoin(if(empty(areas), [''], areas)) AS area,
toDate(mapped) AS kartlagt,
if(has_followed_up, toString(dateDiff('day', mapped, followed_up)), '–') AS dagar_till_uppfoljning
FROM {PROBLEMS} ORDER BY mapped DESC, problem, category, area
"""


def arbete() -> Dashboard:
    return (
        frame(ARBETE, "Arbete", "The working loop: local problems by step, the weekly meetings' tasks by "
              "organisation and week (done, not done, still to do, overdue), and the days from mapping a "
              "problem to following it up.", since="now-26w")
        .with_panel(bars("Problem per steg", "Problems (latest version, not withdrawn) by their current "
                         "step; closed ones apart.", BY_STEP, width=12))
        .with_panel(number("Försenade uppgifter", "Tasks still to do whose due week has passed.",
                           OVERDUE, width=12))
        .with_panel(rows("Uppgifter per organisation", "Each organisation's tasks: done, not done, still "
                         "to do, and overdue (still to do after their due week).", BY_ORGANISATION, width=12))
        .with_panel(trend("Uppgifter per vecka", "Tasks by their due ISO week and how they went.", PER_WEEK,
                          width=12))
        .with_panel(rows("Rapportering per partner", "Each organisation's whole weeks of the range: those "
                         "with incidents it reported, those it said it had nothing to report, and those "
                         "with neither (utan rapport).", REPORTING, width=24))
        .with_panel(rows("Prioriterade områden", "The areas each quarterly meeting gave priority, for "
                         "the quarter after the one it looked at (prioriterat), with their incidents in the "
                         "quarter looked at and in the quarter of the priority so far. A change here is not "
                         "an effect: the interventions' follow-up judges effects. Click a row for the area "
                         "on Område.",
                         PRIORITIES, cross_filter(OMRADE, {"area": "area"}), width=24))
        .with_panel(rows("Problem", "Each problem with its step, who carries it, when it was mapped and "
                         "the days from mapping to follow-up; a row per category and area of its scope. "
                         "Click a row to see Lägesbild narrowed to it.", LIST,
                         cross_filter(LAGESBILD, {"category": "category", "area": "area"}), width=24))
    )  # fmt: skip
