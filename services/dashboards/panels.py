"""Panels as the dashboards use them: a title in Swedish, a description in English, one query, and
data links that set variables (cross-filtering): a click on a bar, a row or a cell narrows every panel.
Tables and bars show codes by their Swedish names (:mod:`services.dashboards.names`), and areas and
organisations by the names tenants gave them (:mod:`services.dashboards.named_columns`).
"""

from __future__ import annotations

from collections.abc import Mapping

from grafana_foundation_sdk.builders import barchart, common, stat, table, timeseries
from grafana_foundation_sdk.builders.dashboard import DashboardLink
from grafana_foundation_sdk.models.common import BigValueGraphMode, VisibilityMode

from services.dashboards.named_columns import Tabular, names_shown
from services.dashboards.names import named_values
from services.dashboards.queries import CLICKHOUSE, SQL, Shape
from services.dashboards.variables import VARIABLES

Sets = Mapping[str, str]  # variable -> the field of the clicked row whose value it takes


def cross_filter(dashboard_uid: str, sets: Sets, title: str = "Filtrera på detta") -> DashboardLink:
    """A data link to ``dashboard_uid`` keeping the time range and every variable, but those it sets."""
    kept = [f"${{{v.name}:queryparam}}" for v in VARIABLES if v.name not in sets]
    chosen = [f"var-{name}=${{__data.fields.{field}}}" for name, field in sets.items()]
    url = f"/d/{dashboard_uid}?" + "&".join(["${__url_time_range}", *kept, *chosen])
    return DashboardLink(title).url(url)


def _query(sql: str, shape: Shape) -> SQL:
    return SQL(sql, shape)


def trend(title: str, description: str, sql: str, *, width: int = 12, height: int = 8) -> timeseries.Panel:
    """A time series: the query returns ``time`` first, then a label column and the value."""
    return (
        timeseries.Panel().title(title).description(description).datasource(CLICKHOUSE)
        .with_target(_query(sql, "timeseries")).span(width).height(height).min(0)
    )  # fmt: skip


def bars(title: str, description: str, sql: str, link: DashboardLink | None = None, *,
         width: int = 12, height: int = 8) -> barchart.Panel:  # fmt: skip
    """A bar chart: the query returns the label column first, then the values."""
    panel = (
        barchart.Panel().title(title).description(description).datasource(CLICKHOUSE)
        .with_target(_query(sql, "table")).span(width).height(height).show_value(VisibilityMode.AUTO)
        .mappings(named_values())
    )  # fmt: skip
    return _linked(names_shown(panel, sql), link)


def rows(title: str, description: str, sql: str, link: DashboardLink | None = None, *,
         width: int = 12, height: int = 8) -> table.Panel:  # fmt: skip
    panel = (
        table.Panel().title(title).description(description).datasource(CLICKHOUSE)
        .with_target(_query(sql, "table")).span(width).height(height).mappings(named_values())
    )  # fmt: skip
    return _linked(names_shown(panel, sql), link)


def _linked(panel: Tabular, link: DashboardLink | None) -> Tabular:
    return panel.data_links([link]) if link else panel


def number(title: str, description: str, sql: str, *, width: int = 6, height: int = 4) -> stat.Panel:
    return (
        stat.Panel().title(title).description(description).datasource(CLICKHOUSE)
        .with_target(_query(sql, "table")).span(width).height(height).graph_mode(BigValueGraphMode.NONE)
    )  # fmt: skip


def words(title: str, description: str, sql: str, *, width: int = 6, height: int = 4) -> stat.Panel:
    """A stat that shows the text of the query's one value (a range, a flag), not only numbers."""
    every_field = common.ReduceDataOptions().values(False).calcs(["lastNotNull"]).fields("/.*/")
    return number(title, description, sql, width=width, height=height).reduce_options(every_field)
