"""Each step's evidence, read live: the mapping from the warehouse's incidents and surveys in the
problem's scope, the follow-up from each linked intervention's measured effect."""

from __future__ import annotations

from datetime import date
from typing import Any

from embrace.contracts.loop import Problem, Scope
from embrace.geo.cells import text_in_warehouse
from embrace.messages import Language
from embrace.warehouse import Warehouse
from embrace.weeks import preceding, reported_through, shift
from services.reporting.effects.assessment import assess
from services.reporting.effects.plans import NotMeasurable, find
from services.reporting.effects.shown import shown
from services.reporting.weekly.comparison import Compared, Weeks, compared, flagged

MAPPED_WEEKS = 12
IN_SCOPE = """category IN {categories:Array(String)}
AND (empty({areas:Array(String)}) OR hasAny(area_ids, {areas:Array(String)}))
AND (empty({hours:Array(UInt8)}) OR (hour IN {hours:Array(UInt8)} AND NOT long_window))
AND (empty({weekdays:Array(UInt8)}) OR weekday IN {weekdays:Array(UInt8)})"""
WEEKS = f"""
SELECT iso_week, countIf({IN_SCOPE}) AS in_scope, count() AS everything FROM {{db}}.current_incidents
WHERE tenant = {{tenant:String}} AND iso_week IN {{weeks:Array(String)}} AND NOT is_summary
GROUP BY iso_week ORDER BY iso_week
"""
SCOPED = f"""FROM {{db}}.current_incidents WHERE tenant = {{tenant:String}}
AND iso_week IN {{weeks:Array(String)}} AND NOT is_summary AND {IN_SCOPE}"""
TIMES = f"SELECT weekday, hour, count() {SCOPED} AND NOT long_window GROUP BY weekday, hour"
AREAS = f"""SELECT area_id, count() AS n {SCOPED} AND area_id != ''
GROUP BY area_id ORDER BY n DESC, area_id LIMIT 10"""
CELLS = f"""SELECT {text_in_warehouse("h3_r9")} AS cell, round(avg(lat), 5), round(avg(lon), 5), count() AS n
{SCOPED} AND h3_r9 != 0 GROUP BY h3_r9 ORDER BY n DESC, cell LIMIT 10"""
SAFETY = """
SELECT area_id, indicator, measure, period_end, value, respondents FROM {db}.survey_results FINAL
WHERE tenant = {tenant:String} AND NOT retracted AND area_id IN {areas:Array(String)}
ORDER BY area_id, indicator, period_end
"""


def mapping(warehouse: Warehouse, problem: Problem, week: str) -> dict[str, Any]:
    """The scope's weekly counts against the tenant's, when in the week it happens, where, and how safe
    people in its areas say they feel, over the ``MAPPED_WEEKS`` up to ``week``."""
    weeks = [*preceding(week, MAPPED_WEEKS - 1), week]
    asked = {"tenant": problem.tenant, "weeks": weeks, **_scope(problem.scope)}
    counted = {w: (n, of) for w, n, of in warehouse.query(WEEKS, asked)}
    times = [[0] * 24 for _ in range(7)]
    for weekday, hour, n in warehouse.query(TIMES, asked):
        times[weekday - 1][hour] = n
    return {
        "weeks": [
            {"week": w, "in_scope": counted.get(w, (0, 0))[0], "tenant": counted.get(w, (0, 0))[1]}
            for w in weeks
        ],
        "hour_weekday": times,
        "areas": [{"area_id": a, "incidents": n} for a, n in warehouse.query(AREAS, asked)],
        "cells": [
            {"cell": c, "lat": lat, "lon": lon, "incidents": n}
            for c, lat, lon, n in warehouse.query(CELLS, asked)
        ],
        "safety": safety(warehouse, problem),
    }


def safety(warehouse: Warehouse, problem: Problem) -> list[dict[str, Any]]:
    """Every survey result of the problem's areas, oldest first: perceived safety before and after."""
    rows = warehouse.query(SAFETY, {"tenant": problem.tenant, "areas": problem.scope.area_ids})
    return [
        {"area_id": a, "indicator": i, "measure": m, "period_end": str(end), "value": v, "respondents": r}
        for a, i, m, end, v, r in rows
    ]


def follow_up(
    warehouse: Warehouse, problem: Problem, today: date, language: Language
) -> list[dict[str, Any]]:
    """Each linked intervention's effect as the effect room measures it, or why it cannot be measured."""
    found = []
    for intervention_id in problem.intervention_ids:
        plan = find(warehouse, intervention_id)
        if plan is None or plan.tenant != problem.tenant:
            found.append({"intervention_id": str(intervention_id), "measured": False, "why": "not_stored"})
            continue
        try:
            effect = shown(assess(warehouse, plan, reported_through(today), 400, []), language)
        except NotMeasurable as exc:
            found.append(
                {
                    "intervention_id": str(intervention_id),
                    "title": plan.title,
                    "measured": False,
                    "why": str(exc),
                }
            )
            continue
        found.append({"measured": True, **effect.model_dump(mode="json")})
    return found


def judged_weeks(warehouse: Warehouse, problems: list[Problem], weeks: Weeks) -> dict[str, Compared]:
    """Each problem's incidents in scope in ``weeks.week`` against the twelve weeks before, by problem id,
    judged and flagged together as a report's rows are (the same weeks as the report of that week)."""
    rows = []
    for problem in problems:
        asked = {"tenant": problem.tenant, "weeks": weeks.every, **_scope(problem.scope)}
        counted = {w: int(n) for w, n, _ in warehouse.query(WEEKS, asked)}
        rows.append(compared(str(problem.event_id), counted, weeks))
    marked, _ = flagged({"problems": rows})
    return {row.key: row for row in marked["problems"]}


def _scope(scope: Scope) -> dict[str, Any]:
    return {
        "categories": scope.categories,
        "areas": scope.area_ids,
        "hours": scope.hours,
        "weekdays": scope.weekdays,
    }


def weeks_mapped(week: str) -> tuple[str, str]:
    return shift(week, 1 - MAPPED_WEEKS), week
