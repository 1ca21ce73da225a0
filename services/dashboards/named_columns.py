"""Columns of codes that people name (areas, organisations, tenants), shown by those names.

The names change with the data, so a static value mapping cannot hold them: a panel showing such a column
runs a second query of ``(code, name)`` rows, and Grafana's "config from query results" makes them the
column's value mappings. The value, which a click sets, stays the code.

A table or a bar chart shows such a column under one of its aliases (``... AS area``), which is how it is
found; a panel of several queries (the map) names its columns itself (:func:`named`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from grafana_foundation_sdk.builders import barchart, geomap, table
from grafana_foundation_sdk.models.dashboard import DataTransformerConfig

from services.dashboards.queries import SQL
from services.dashboards.variables import BY_NAME, ORGANISATION_NAMES

Tabular = TypeVar("Tabular", table.Panel, barchart.Panel, geomap.Panel)


@dataclass(frozen=True)
class NamedColumn:
    ref_id: str  # of the query naming the codes; it configures the panel and is not drawn
    aliases: tuple[str, ...]  # the names a panel shows the column under
    names: str  # the query of the codes and their names
    code: str  # the names query's column of codes; its other column is ``name``

    def shown_in(self, sql: str) -> bool:
        return re.search(rf"\bAS ({'|'.join(self.aliases)})\b", sql) is not None

    def transformation(self) -> DataTransformerConfig:
        options = {
            "configRefId": self.ref_id,
            "mappings": [{"fieldName": self.code, "handlerKey": "mappings.value"},
                         {"fieldName": "name", "handlerKey": "mappings.text"}],
            "applyTo": {"id": "byRegexp", "options": f"^({'|'.join(self.aliases)})$"},
        }  # fmt: skip
        return DataTransformerConfig(id_val="configFromData", options=options)

    def query(self) -> SQL:
        return SQL(self.names, "table", self.ref_id)


# Tables of names to join where a code is part of a longer text (an annotation, a series' name).
AREA_NAMES = "(SELECT tenant, area_id, name FROM {db}.areas FINAL WHERE NOT retracted)"
ORGANISATION_NAMES_BY_TENANT = (
    "(SELECT tenant, organisation, name FROM {db}.organisations FINAL WHERE NOT retracted)"
)


def name_or_code(joined: str, code: str) -> str:
    """The joined name, or the code where none was found (a left join leaves ``''``)."""
    return f"if({joined}.name = '', {code}, {joined}.name)"


AREAS = NamedColumn("area_names", ("area",), BY_NAME["area"].values, "area_id")
ORGANISATIONS = NamedColumn(
    "organisation_names", ("organisation", "ansvarig"), ORGANISATION_NAMES, "organisation"
)
TENANTS = NamedColumn(
    "tenant_names", ("tenant",), "SELECT tenant, name FROM {db}.tenants FINAL WHERE NOT retracted", "tenant"
)
NAMED_COLUMNS = (AREAS, ORGANISATIONS, TENANTS)
NAMING_QUERIES = frozenset(column.ref_id for column in NAMED_COLUMNS)


def names_shown(panel: Tabular, sql: str) -> Tabular:
    """The panel, with the names of each named column its query shows."""
    return named(panel, *(column for column in NAMED_COLUMNS if column.shown_in(sql)))


def named(panel: Tabular, *columns: NamedColumn) -> Tabular:
    """The panel, with the names of these columns (of a panel of several queries, such as the map)."""
    for column in columns:
        panel = panel.with_target(column.query()).with_transformation(column.transformation())
    return panel
