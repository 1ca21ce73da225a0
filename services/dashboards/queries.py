"""Queries of Grafana panels: the ClickHouse plugin's query model, which the foundation SDK lacks, and the
Prometheus queries of the platform's own metrics.

A panel's SQL is written once here with the plugin's macros (``$__timeFilter``, ``$__conditionalAll``) and
the dashboard variables; tests expand it as the plugin does and run it on chDB.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from grafana_foundation_sdk.builders.prometheus import Dataquery as PrometheusQuery
from grafana_foundation_sdk.cog import builder as cogbuilder
from grafana_foundation_sdk.cog import variants as cogvariants
from grafana_foundation_sdk.models.dashboard import DataSourceRef

CLICKHOUSE_PLUGIN = "grafana-clickhouse-datasource"
CLICKHOUSE_UID = "embrace-clickhouse"  # the uid provisioning gives the data source
PROMETHEUS_UID = "embrace-prometheus"
CLICKHOUSE = DataSourceRef(type_val=CLICKHOUSE_PLUGIN, uid=CLICKHOUSE_UID)
PROMETHEUS = DataSourceRef(type_val="prometheus", uid=PROMETHEUS_UID)

Shape = Literal["table", "timeseries"]
_FORMATS = {"timeseries": 0, "table": 1}  # the plugin's Format enum


@dataclass
class ClickHouseQuery(cogvariants.Dataquery):
    raw_sql: str
    shape: Shape
    ref_id: str = "A"

    def to_json(self) -> dict[str, object]:
        return {
            "datasource": {"type": CLICKHOUSE_PLUGIN, "uid": CLICKHOUSE_UID},
            "editorType": "sql",
            "format": _FORMATS[self.shape],
            "queryType": self.shape,
            "rawSql": self.raw_sql,
            "refId": self.ref_id,
        }


class SQL(cogbuilder.Builder[ClickHouseQuery]):
    """A ClickHouse panel query: ``timeseries`` returns ``time`` first, ``table`` anything."""

    def __init__(self, sql: str, shape: Shape = "table", ref_id: str = "A") -> None:
        self._query = ClickHouseQuery(_tidy(sql), shape, ref_id)

    def build(self) -> ClickHouseQuery:
        return self._query


def promql(expr: str, legend: str = "", ref_id: str = "A") -> PrometheusQuery:
    query = PrometheusQuery().expr(expr).ref_id(ref_id).datasource(PROMETHEUS)
    return query.legend_format(legend) if legend else query


def _tidy(sql: str) -> str:
    """The SQL without the indentation of the Python source it was written in."""
    return "\n".join(line.strip() for line in sql.strip().splitlines() if line.strip())
