"""Lägesbild: the last whole week against the twelve before it, by category, area and source."""

from __future__ import annotations

from grafana_foundation_sdk.builders.dashboard import Dashboard

from embrace.statistics.sql import flagged, judged
from services.dashboards.boards.frame import LAGESBILD, frame
from services.dashboards.counting import FIRST_WEEK, INCIDENTS, THIS_WEEK, incidents_where, iso_week, weekly
from services.dashboards.names import said
from services.dashboards.panels import bars, cross_filter, number, rows, trend, words
from services.dashboards.variables import BY_NAME, tenant_only

WEEKS = 12  # as the weekly report: last week against the twelve before, flagged alike
BEFORE = f"({THIS_WEEK} - {7 * WEEKS})"
# As the weekly report: the weeks before the chosen tenants' first incident are not history (they were not
# reporting), so a tenant that began lately is judged against the weeks since.
FIRST_SEEN = f"(SELECT toMonday(min(local_date)) FROM {INCIDENTS} WHERE NOT is_summary AND {tenant_only()})"
KNOWN_WEEKS = f"greatest(0, least({WEEKS}, dateDiff('week', greatest({FIRST_SEEN}, {BEFORE}), {THIS_WEEK})))"


def _judged(dims: list[str]) -> str:
    """Per key of ``dims``: the last whole week judged against the twelve before (embrace.statistics)."""
    keys = ", ".join(dims)
    sums = (
        f"SELECT {keys + ', ' if dims else ''}sumIf(n, week_start = {THIS_WEEK}) AS this_week, "
        f"sumIf(n, week_start < {THIS_WEEK}) AS total, sumIf(n * n, week_start < {THIS_WEEK}) AS squares "
        f"FROM ({weekly(dims, BEFORE, THIS_WEEK)}) {'GROUP BY ' + keys if dims else ''}"
    )
    return f"SELECT *, {judged('weeks')} FROM (SELECT *, {KNOWN_WEEKS} AS weeks FROM ({sums}))"


USUAL = "if(usual_low IS NULL, '–', concat(toString(usual_low), '–', toString(usual_high)))"
AGAINST_TWELVE = f"""
SELECT category, this_week, round(mean, 1) AS mean_12_weeks, {USUAL} AS usual, round(z, 2) AS z, flag
FROM ({flagged(_judged(["category"]), "category")}) ORDER BY q, abs(z) DESC, category
"""
THIS_WEEK_TOTAL = f"SELECT sum(n) AS incidents FROM ({weekly([], THIS_WEEK, THIS_WEEK)})"
MEAN_TOTAL = f"SELECT round(mean, 1) AS mean_12_weeks FROM ({_judged([])})"
USUAL_TOTAL = f"SELECT {USUAL} AS usual FROM ({_judged([])})"
BY_GROUP = f"""
SELECT toDateTime(week_start) AS time, {said("category_group")} AS category_group, sum(n) AS incidents
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
WHERE NOT retracted AND week >= {iso_week(FIRST_WEEK)}
AND {tenant_only()} AND {BY_NAME["category"].where()}
AND $__conditionalAll(area_id IN (${{area:singlequote}}), $area)
ORDER BY week DESC, z DESC LIMIT 100
"""


def lagesbild() -> Dashboard:
    return (
        frame(LAGESBILD, "Lägesbild", "The last whole week of the time range against the twelve weeks "
              "before it, judged as the weekly report judges it: counts, the usual range, flags (not "
              "percentages), categories, areas, sources and open alerts. Click a category, area or source "
              "to filter every panel.")
        .with_panel(number("Händelser senaste hela veckan", "Incidents in the last whole week of the range.",
                           THIS_WEEK_TOTAL, width=8))
        .with_panel(number("Snitt de tolv veckorna före",
                           "Mean incidents a week over the twelve weeks before.", MEAN_TOTAL, width=8))
        .with_panel(words("Vanligt intervall", "Where the week's count falls 19 weeks in 20 when nothing "
                          "has changed, from the twelve weeks before and their dispersion.", USUAL_TOTAL,
                          width=8))
        .with_panel(rows("Kategorier: veckan mot de tolv före", "Per category: the last whole week, the mean "
                         "of the twelve before, the usual range, z on the square-root scale with the "
                         "category's own dispersion, and the flag: 'watch' or 'notable' only beyond chance, "
                         "false discoveries held below 10 % and 1 % across the categories (Benjamini–"
                         "Hochberg); weeks of fewer than 5 incidents are not judged.", AGAINST_TWELVE,
                         cross_filter(LAGESBILD, {"category": "category"})))
        .with_panel(trend("Händelser per vecka", "Incidents per ISO week by category group.", BY_GROUP))
        .with_panel(bars("Områden", "Incidents by primary area in the range.", BY_AREA,
                         cross_filter(LAGESBILD, {"area": "area"})))
        .with_panel(bars("Källor", "Incidents by source in the range.", BY_SOURCE,
                         cross_filter(LAGESBILD, {"source": "source"})))
        .with_panel(rows("Öppna larm", "Spike alerts of the range's weeks that are not withdrawn.",
                         OPEN_ALERTS, cross_filter(LAGESBILD, {"category": "category"}), width=24))
    )  # fmt: skip
