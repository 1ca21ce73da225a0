"""The SQL the dashboards count with: whole ISO weeks of the time range, from the weekly rollup while the
variables allow it, else from the incidents, every variable applied either way.

Tables are written ``{db}.table`` and the platform's zone ``{zone}``; both are filled in when a dashboard
is rendered.
"""

from __future__ import annotations

from collections.abc import Sequence

from services.dashboards.variables import ROLLUP_ANSWERS, filters

# Days as the platform counts them (EMBRACE_TIMEZONE), as incidents' local dates are, whatever zone the
# ClickHouse server runs in: a week ended in Sweden at Sunday 23:00 UTC is ended on the panels too.
FROM_DAY = "toDate($__fromTime, '{zone}')"
TO_DAY = "toDate($__toTime, '{zone}')"
TODAY = "toDate(now(), '{zone}')"
# Whole weeks: the week holding the range's start up to the week holding its end (Mondays).
FIRST_WEEK = f"toMonday({FROM_DAY})"
LAST_WEEK = f"toMonday({TO_DAY})"
# The last whole week before the end of the range: "this week" of the situation picture.
THIS_WEEK = f"({LAST_WEEK} - 7)"
INCIDENTS = "{db}.current_incidents"


def weekly(
    dims: Sequence[str], first: str = FIRST_WEEK, last: str = LAST_WEEK, *, skip: Sequence[str] = ()
) -> str:
    """``week_start``, the dims and ``n`` (incidents), per week from ``first`` to ``last`` (Mondays).

    The dims must be columns of both the rollup and the incidents: tenant, category, category_group,
    source. Of the two branches one has a constant false condition, which ClickHouse reads nothing for.
    """
    columns = ", ".join(["week_start", *dims])
    return (
        f"SELECT {columns}, sum(incidents) AS n FROM {{db}}.weekly_counts FINAL "
        f"WHERE week_start BETWEEN {first} AND {last} AND {filters(rollup=True, skip=skip)} "
        f"AND {ROLLUP_ANSWERS} GROUP BY {columns} "
        f"UNION ALL "
        f"SELECT {columns}, toUInt64(count()) AS n FROM "
        f"(SELECT *, toMonday(local_date) AS week_start FROM {INCIDENTS}) "
        f"WHERE NOT is_summary AND local_date BETWEEN {first} AND {last} + 6 AND {filters(skip=skip)} "
        f"AND NOT ({ROLLUP_ANSWERS}) GROUP BY {columns}"
    )


def iso_week(day: str) -> str:
    """The ISO week (``2026-W49``) holding ``day``, as the tables write weeks."""
    return f"formatDateTime({day}, '%G-W%V')"


def incidents_where(*, skip: Sequence[str] = ()) -> str:
    """The incidents of the range's whole weeks that every variable (but the skipped) lets through."""
    return f"NOT is_summary AND local_date BETWEEN {FIRST_WEEK} AND {LAST_WEEK} + 6 AND {filters(skip=skip)}"
