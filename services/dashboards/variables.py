"""The variables every dashboard offers, and how each one narrows a query: one spec per variable.

Each filter is wrapped in the plugin's ``$__conditionalAll``, which becomes ``1=1`` when "All" is chosen, so
an unfiltered dashboard reads without a long IN list. A variable the weekly rollup cannot answer (area,
organisation) sends the count to the incidents when it is set: ``$__conditionalAll(0, $area)`` is true
only while the area is "All".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from grafana_foundation_sdk.builders.dashboard import QueryVariable
from grafana_foundation_sdk.models.dashboard import VariableOption, VariableRefresh, VariableSort

from services.dashboards.names import said
from services.dashboards.queries import CLICKHOUSE


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    values: str  # the query of the values offered (value, and a text when there is a second column)
    condition: str  # on current_incidents, with the variable
    in_rollup: bool  # whether weekly_counts holds it under the same column

    def where(self) -> str:
        return f"$__conditionalAll({self.condition}, ${self.name})"

    def builder(self, database: str) -> QueryVariable:
        return (
            QueryVariable(self.name).label(self.label).datasource(CLICKHOUSE)
            .query(self.values.replace("{db}", database)).multi(True).include_all(True)
            .current(VariableOption(selected=True, text=["All"], value=["$__all"]))
            .refresh(VariableRefresh.ON_TIME_RANGE_CHANGED).sort(VariableSort.ALPHABETICAL_ASC)
        )  # fmt: skip


def _listed(column: str, name: str) -> str:
    return f"{column} IN (${{{name}:singlequote}})"


_TENANT = "$__conditionalAll(tenant IN (${tenant:singlequote}), $tenant)"
# Each organisation id and its name; an id two tenants both use reads with both their names.
ORGANISATION_NAMES = (
    "SELECT organisation, arrayStringConcat(arraySort(groupUniqArray(name)), ' / ') AS name "
    f"FROM {{db}}.organisations FINAL WHERE NOT retracted AND {_TENANT} GROUP BY organisation"
)
# The tenants with data, by name (by code until their names are published).
_TENANTS = """SELECT w.tenant, if(t.name = '', w.tenant, t.name)
FROM (SELECT DISTINCT tenant FROM {db}.weekly_counts) AS w
LEFT JOIN (SELECT tenant, name FROM {db}.tenants FINAL WHERE NOT retracted) AS t ON t.tenant = w.tenant
ORDER BY w.tenant"""
_ORGANISATIONS = f"""SELECT r.organisation, if(n.name = '', r.organisation, n.name)
FROM (SELECT DISTINCT organisation FROM {{db}}.report_versions WHERE {_TENANT}) AS r
LEFT JOIN ({ORGANISATION_NAMES}) AS n ON n.organisation = r.organisation ORDER BY r.organisation"""
VARIABLES = (
    Variable("tenant", "Kommun", _TENANTS, _listed("tenant", "tenant"), in_rollup=True),
    Variable("area", "Område",
             f"SELECT area_id, name FROM {{db}}.areas FINAL WHERE NOT retracted AND {_TENANT} ORDER BY name",
             "hasAny(area_ids, [${area:singlequote}])", in_rollup=False),
    Variable("category_group", "Kategorigrupp",
             f"SELECT DISTINCT category_group, {said('category_group')} FROM {{db}}.weekly_counts "
             "ORDER BY category_group",
             _listed("category_group", "category_group"), in_rollup=True),
    Variable("category", "Kategori",
             f"SELECT DISTINCT category, {said('category')} FROM {{db}}.weekly_counts WHERE "
             "$__conditionalAll(category_group IN (${category_group:singlequote}), $category_group) "
             "ORDER BY category", _listed("category", "category"), in_rollup=True),
    Variable("source", "Källa",
             f"SELECT DISTINCT source, {said('source')} FROM {{db}}.weekly_counts ORDER BY source",
             _listed("source", "source"), in_rollup=True),
    Variable("organisation", "Organisation", _ORGANISATIONS,
             _listed("organisation", "organisation"), in_rollup=False),
)  # fmt: skip
BY_NAME = {variable.name: variable for variable in VARIABLES}

# True while every variable the rollup lacks is "All": then the rollup can answer.
ROLLUP_ANSWERS = " AND ".join(f"($__conditionalAll(0, ${v.name}))" for v in VARIABLES if not v.in_rollup)


def filters(*, rollup: bool = False, skip: Iterable[str] = ()) -> str:
    """The conditions of every variable (those the rollup holds, for the rollup), but the skipped."""
    chosen = [v for v in VARIABLES if v.name not in set(skip) and (v.in_rollup or not rollup)]
    return " AND ".join(v.where() for v in chosen) or "1"


def tenant_only() -> str:
    """For tables kept by tenant and area only (interventions, surveys, alerts)."""
    return BY_NAME["tenant"].where()
