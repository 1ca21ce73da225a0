"""`embrace grafana sync`: one Grafana organisation per tenant, with a ClickHouse data source that logs in
as that tenant's read-only user (whose row policies show it only its rows) and the dashboards.

The regional organisation (Grafana's first) is provisioned from files (deploy/grafana/provisioning) with
the regional reader and every dashboard. The sync reads what exists first and plans only what differs,
so it is idempotent and ``--dry-run`` prints the plan without changing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from embrace.warehouse.readers import reader_password, reader_user
from services.dashboards.dashboards import BOARDS, render
from services.dashboards.queries import CLICKHOUSE_PLUGIN, CLICKHOUSE_UID

TENANT_BOARDS = tuple(name for name in BOARDS if name != "drift")  # the platform's health is regional


class Grafana(Protocol):
    """What the sync asks of Grafana's HTTP API (see GrafanaHttp); reads return None when absent."""

    def find_org(self, name: str) -> int | None: ...
    def create_org(self, name: str) -> int: ...
    def datasource(self, org: int, uid: str) -> dict[str, Any] | None: ...
    def create_datasource(self, org: int, body: dict[str, Any]) -> None: ...
    def update_datasource(self, org: int, uid: str, body: dict[str, Any]) -> None: ...
    def dashboard(self, org: int, uid: str) -> dict[str, Any] | None: ...
    def put_dashboard(self, org: int, model: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class Target:
    """What one tenant's organisation must hold."""

    tenant: str
    name: str
    datasource: dict[str, Any]
    dashboards: Sequence[dict[str, Any]] = field(default_factory=tuple)

    @property
    def org_name(self) -> str:
        return f"EMBRACE {self.tenant} {self.name}"


@dataclass(frozen=True)
class Step:
    """One change: what it does, for people, and how."""

    text: str
    run: Callable[[Grafana], None] = field(compare=False)


def target(tenant: str, name: str, *, database: str, zone: str, clickhouse_url: str, secret: str) -> Target:
    user = reader_user(tenant)
    where = urlsplit(clickhouse_url)
    datasource = {
        "name": "ClickHouse", "uid": CLICKHOUSE_UID, "type": CLICKHOUSE_PLUGIN, "access": "proxy",
        "isDefault": True,
        "jsonData": {"host": where.hostname, "port": where.port or 8123, "protocol": "http",
                     "secure": where.scheme == "https", "username": user, "defaultDatabase": database},
        "secureJsonData": {"password": reader_password(secret, user)},
    }  # fmt: skip
    return Target(tenant, name, datasource, [render(board, database, zone) for board in TENANT_BOARDS])


def plan(grafana: Grafana, targets: Sequence[Target]) -> list[Step]:
    steps: list[Step] = []
    for wanted in targets:
        org = grafana.find_org(wanted.org_name)
        if org is None:
            steps.append(Step(f"create organisation {wanted.org_name!r}", _creating(wanted)))
            continue
        steps += _within(grafana, org, wanted)
    return steps


def _creating(wanted: Target) -> Callable[[Grafana], None]:
    def run(grafana: Grafana) -> None:
        org = grafana.create_org(wanted.org_name)
        grafana.create_datasource(org, wanted.datasource)
        for model in wanted.dashboards:
            grafana.put_dashboard(org, model)

    return run


def _within(grafana: Grafana, org: int, wanted: Target) -> list[Step]:
    """The steps inside an organisation that exists: its data source and dashboards, where they differ."""
    steps: list[Step] = []
    held = grafana.datasource(org, CLICKHOUSE_UID)
    body = wanted.datasource
    if held is None:
        steps.append(Step(f"{wanted.org_name}: create data source {CLICKHOUSE_UID}",
                          lambda g: g.create_datasource(org, body)))  # fmt: skip
    elif any(held.get(key) != body[key] for key in ("name", "type", "jsonData")):
        steps.append(Step(f"{wanted.org_name}: update data source {CLICKHOUSE_UID}",
                          lambda g: g.update_datasource(org, CLICKHOUSE_UID, body)))  # fmt: skip
    for model in wanted.dashboards:
        current = grafana.dashboard(org, model["uid"])
        if current is None or _comparable(current) != _comparable(model):
            verb = "create" if current is None else "update"
            steps.append(Step(f"{wanted.org_name}: {verb} dashboard {model['title']!r}", _put(org, model)))
    return steps


def _put(org: int, model: dict[str, Any]) -> Callable[[Grafana], None]:
    return lambda grafana: grafana.put_dashboard(org, model)


def _comparable(model: dict[str, Any]) -> dict[str, Any]:
    """A dashboard without what Grafana adds when it stores one."""
    return {key: value for key, value in model.items() if key not in ("id", "version", "iteration")}


def apply(grafana: Grafana, steps: Sequence[Step]) -> None:
    for step in steps:
        step.run(grafana)
