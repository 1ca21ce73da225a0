"""The sync's view of Grafana, through grafana-client (the maintained fork of grafana-api).

An organisation's data sources and dashboards are reached with the ``X-Grafana-Org-Id`` header, which
grafana-client sets for a client made for that organisation.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from grafana_client.api import GrafanaApi
from grafana_client.client import GrafanaClientError

from embrace.errors import OperatorError


class GrafanaHttp:
    def __init__(self, url: str, user: str, password: str) -> None:
        parts = urlsplit(url)
        if not parts.hostname:
            raise OperatorError(f"EMBRACE_GRAFANA_URL {url!r} is not a URL like http://grafana:3000")
        self._options: dict[str, Any] = {
            "auth": (user, password), "host": parts.hostname, "port": parts.port,
            "protocol": parts.scheme or "http", "url_path_prefix": parts.path.strip("/"), "timeout": 10.0,
        }  # fmt: skip
        # grafana-client is untyped: its answers are JSON, checked where they are read.
        self._server: Any = GrafanaApi(**self._options)
        self._orgs: dict[int, Any] = {}

    def _in(self, org: int) -> Any:
        if org not in self._orgs:
            self._orgs[org] = GrafanaApi(**self._options, organization_id=org)
        return self._orgs[org]

    def find_org(self, name: str) -> int | None:
        found = _absent_as_none(lambda: self._server.organization.find_organization(name))
        return None if found is None else int(found["id"])

    def create_org(self, name: str) -> int:
        return int(self._server.organization.create_organization({"name": name})["orgId"])

    def datasource(self, org: int, uid: str) -> dict[str, Any] | None:
        found = _absent_as_none(lambda: self._in(org).datasource.get_datasource_by_uid(uid))
        return None if found is None else dict(found)

    def create_datasource(self, org: int, body: dict[str, Any]) -> None:
        self._in(org).datasource.create_datasource(body)

    def update_datasource(self, org: int, uid: str, body: dict[str, Any]) -> None:
        self._in(org).datasource.update_datasource_by_uid(uid, body)

    def dashboard(self, org: int, uid: str) -> dict[str, Any] | None:
        found = _absent_as_none(lambda: self._in(org).dashboard.get_dashboard(uid))
        return None if found is None else dict(found["dashboard"])

    def put_dashboard(self, org: int, model: dict[str, Any]) -> None:
        body = {"dashboard": {**model, "id": None}, "overwrite": True, "message": "embrace grafana sync"}
        self._in(org).dashboard.update_dashboard(body)


def _absent_as_none(call: Any) -> Any:
    try:
        return call()
    except GrafanaClientError as exc:
        if exc.status_code == 404:
            return None
        raise
