"""How the tests read the generated dashboards: each panel's ClickHouse queries, run as Grafana and the
plugin would with the variables filled in, and what a data link must refer to."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from embrace.weeks import SWEDEN
from services.dashboards.dashboards import render
from services.dashboards.variables import VARIABLES
from tests.integration.dashboards.seed import END, START
from tests.support.grafana_sql import ALL, Choice, expand
from tests.support.system import System

Choices = dict[str, Choice]


def run(system: System, sql: str, choices: Choices) -> tuple[list[str], list[tuple[Any, ...]]]:
    """A panel's SQL (rendered, or a board's own with ``{zone}`` still to fill) over the seed's range."""
    return system.warehouse.named_rows(expand(sql.replace("{zone}", SWEDEN), choices, START, END))


def every_value(system: System, database: str) -> Choices:
    """Every variable at "All", offering what its own query finds, as Grafana fills them in order."""
    choices: Choices = {v.name: Choice(ALL) for v in VARIABLES}
    for variable in VARIABLES:
        _, rows = run(system, variable.values.replace("{db}", database), choices)
        assert rows, f"variable {variable.name} offers nothing"
        choices[variable.name] = Choice(ALL, [str(row[0]) for row in rows])
    return choices


def narrowed(everything: Choices, **chosen: list[str]) -> Choices:
    return {**everything, **{name: Choice(values) for name, values in chosen.items()}}


def clickhouse_targets(model: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for panel in model["panels"]:
        for target in panel.get("targets", []):
            if target["datasource"]["type"] == "grafana-clickhouse-datasource":
                yield panel, target


def check_shape(panel: dict[str, Any], names: list[str], rows: list[tuple[Any, ...]]) -> None:
    where = f"{panel['title']}: {names}"
    if panel["type"] == "timeseries":
        assert names[0] == "time", where
        assert isinstance(rows[0][0], datetime), where
        assert any(isinstance(value, (int, float)) for value in rows[0][1:]), where
    if panel["type"] == "barchart":
        assert isinstance(rows[0][0], str) or names[0] == "hour", where
        assert any(isinstance(value, (int, float)) for value in rows[0][1:]), where
    if panel["type"] == "geomap":
        assert {"lat", "lon"} <= set(names), where


def panel_rows(system: System, board: str, title: str, key: str = "title") -> dict[str, dict[str, Any]]:
    """The rows of a board's panel, by their ``key`` column, with every variable at "All"."""
    model = render(board, system.warehouse.database)
    [sql] = [t["rawSql"] for p, t in clickhouse_targets(model) if p["title"] == title and t["refId"] == "A"]
    names, rows = run(system, sql, every_value(system, system.warehouse.database))
    return {row[names.index(key)]: dict(zip(names, row, strict=True)) for row in rows}


def check_link(url: str, boards: dict[str, dict[str, Any]], fields: set[str]) -> None:
    """A data link leads to a dashboard that exists, sets and keeps its variables, from fields that exist."""
    target = re.match(r"/d/([\w-]+)\?", url)
    assert target, url
    assert target.group(1) in boards, url
    variables = {v["name"] for v in boards[target.group(1)]["templating"]["list"]}
    assert set(re.findall(r"var-(\w+)=", url)) <= variables, url
    assert set(re.findall(r"\$\{(\w+):queryparam\}", url)) <= variables, url
    assert set(re.findall(r"__data\.fields\.(\w+)", url)) <= fields, url
