"""Tider: when incidents happen: hour by weekday, part of day, darkness, holidays, season."""

from __future__ import annotations

from grafana_foundation_sdk.builders.dashboard import Dashboard

from services.dashboards.boards.frame import TIDER, frame
from services.dashboards.counting import INCIDENTS, incidents_where
from services.dashboards.panels import bars, rows

DAYS = "['mån', 'tis', 'ons', 'tor', 'fre', 'lör', 'sön']"
HOURS = ", ".join(f"countIf(hour = {h}) AS h{h:02d}" for h in range(24))
TO_THE_HOUR = "NOT long_window"  # a time known within a few hours
HOUR_BY_WEEKDAY = f"""
SELECT {DAYS}[weekday] AS day, {HOURS} FROM {INCIDENTS} WHERE {incidents_where()} AND {TO_THE_HOUR}
GROUP BY weekday ORDER BY weekday
"""


def _by(expression: str, name: str, order: str = "incidents DESC", *, timed: bool = False) -> str:
    return f"""
    SELECT {expression} AS {name}, count() AS incidents FROM {INCIDENTS}
    WHERE {incidents_where()} {f"AND {TO_THE_HOUR}" if timed else ""}
    GROUP BY {name} ORDER BY {order}, {name}
    """


BY_HOUR = _by("hour", "hour", "hour", timed=True)
PART_OF_DAY = _by("part_of_day", "part_of_day", timed=True)
DARKNESS = _by("multiIf(is_dark IS NULL, 'okänt', is_dark, 'mörkt', 'ljust')", "light", timed=True)
HOLIDAYS = _by("if(holiday = '', '(ingen helgdag)', holiday)", "holiday")
SEASONS = _by("season", "season")


def tider() -> Dashboard:
    return (
        frame(TIDER, "Tider", "When incidents happen, for those whose time is known to the hour: hour by "
              "weekday, part of the day, darkness at the place, public holidays and season. Incidents "
              "reported with a long time window are left out of hours and darkness.", since="now-1y")
        .with_panel(rows("Timme och veckodag", "Incidents by weekday (rows) and hour (h00 to h23).",
                         HOUR_BY_WEEKDAY, width=24, height=9))
        .with_panel(bars("Per timme", "Incidents by hour of the day.", BY_HOUR))
        .with_panel(bars("Del av dygnet", "Incidents by part of the day.", PART_OF_DAY, width=6))
        .with_panel(bars("Mörker", "Incidents in darkness at their place (sun below the horizon).",
                         DARKNESS, width=6))
        .with_panel(bars("Helgdagar", "Incidents on Swedish public holidays and eves.", HOLIDAYS))
        .with_panel(bars("Årstid", "Incidents by season.", SEASONS))
    )  # fmt: skip
