"""A local HTTP server answering the part of Grafana's HTTP API the sync uses, as Grafana's documentation
describes it (developers/http_api: org, data_source, dashboard), and refusing anything else.

It checks what a real Grafana would: basic auth of a server admin, the organisation header on
organisation-scoped calls, the fields each body needs. Every request is recorded for the tests.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

ADMIN = ("admin", "secret-admin")


@dataclass
class State:
    orgs: dict[int, str] = field(default_factory=lambda: {1: "Main Org."})
    datasources: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    dashboards: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, int | None]] = field(default_factory=list)  # method, path, org header

    @property
    def writes(self) -> list[tuple[str, str, int | None]]:
        return [r for r in self.requests if r[0] != "GET"]


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _require(body: dict[str, Any], *names: str) -> None:
    missing = [name for name in names if name not in body]
    if missing:
        raise Refused(400, f"missing {', '.join(missing)}")


class _Api:
    def __init__(self, state: State) -> None:
        self.state = state

    def handle(self, method: str, path: str, org: int | None, body: dict[str, Any]) -> Any:
        s = self.state
        if match := re.fullmatch(r"/api/orgs/name/(.+)", path):
            found = [i for i, name in s.orgs.items() if name == match.group(1)]
            if method != "GET" or not found:
                raise Refused(404, "Organization not found")
            return {"id": found[0], "name": match.group(1), "address": {}}
        if path == "/api/orgs" and method == "POST":
            _require(body, "name")
            if body["name"] in s.orgs.values():
                raise Refused(409, "Organization name taken")
            s.orgs[max(s.orgs) + 1] = body["name"]
            return {"orgId": str(max(s.orgs)), "message": "Organization created"}  # a string, as documented
        if org is None or org not in s.orgs:
            raise Refused(400 if org is None else 404, "X-Grafana-Org-Id names no organisation")
        return self._in_org(method, path, org, body)

    def _in_org(self, method: str, path: str, org: int, body: dict[str, Any]) -> Any:
        s = self.state
        if match := re.fullmatch(r"/api/datasources/uid/([\w-]+)", path):
            key = (org, match.group(1))
            if method == "GET":
                if key not in s.datasources:
                    raise Refused(404, "Data source not found")
                return {k: v for k, v in s.datasources[key].items() if k != "secureJsonData"}
            if method == "PUT" and key in s.datasources:
                _require(body, "name", "type", "access")
                s.datasources[key] = body
                return {"message": "Datasource updated", "id": 1, "name": body["name"]}
        if path == "/api/datasources" and method == "POST":
            _require(body, "name", "type", "access")
            s.datasources[(org, body.get("uid", body["name"]))] = body
            return {"message": "Datasource added", "id": 1, "name": body["name"], "datasource": body}
        if match := re.fullmatch(r"/api/dashboards/uid/([\w-]+)", path):
            if method == "GET" and (org, match.group(1)) in s.dashboards:
                return {"dashboard": s.dashboards[(org, match.group(1))], "meta": {"folderUid": ""}}
            raise Refused(404, "Dashboard not found")
        if path == "/api/dashboards/db" and method == "POST":
            _require(body, "dashboard")
            dashboard = body["dashboard"]
            _require(dashboard, "uid", "title", "panels")
            if dashboard.get("id") is not None:
                raise Refused(400, "a new dashboard's id must be null")
            s.dashboards[(org, dashboard["uid"])] = {**dashboard, "id": 7, "version": 1}
            return {"id": 7, "uid": dashboard["uid"], "url": f"/d/{dashboard['uid']}", "status": "success",
                    "version": 1}  # fmt: skip
        raise Refused(404, f"no such endpoint: {method} {path}")


def _handler(api: _Api) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            expected = "Basic " + base64.b64encode(":".join(ADMIN).encode()).decode()
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            org = self.headers.get("X-Grafana-Org-Id")
            path = unquote(self.path)  # Grafana reads names in paths percent-decoded
            api.state.requests.append((self.command, path, int(org) if org else None))
            try:
                if self.headers.get("Authorization") != expected:
                    raise Refused(401, "Unauthorized")
                status, answer = 200, api.handle(self.command, path, int(org) if org else None, body)
            except Refused as refused:
                status, answer = refused.status, {"message": str(refused)}
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = _serve  # noqa: N815 - the names http.server calls

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def fake_grafana(state: State | None = None) -> Iterator[tuple[str, State]]:
    state = state or State()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(_Api(state)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
