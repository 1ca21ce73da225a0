"""What operations teams poll: ``/healthz``, ``/readyz`` and ``/metrics``, plus request metrics."""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi import APIRouter, FastAPI, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

Probe = Callable[[], bool]


def operations_router(registry: CollectorRegistry, probes: dict[str, Probe]) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz")
    def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @router.get("/readyz")
    def readyz() -> JSONResponse:
        """Every store and the bus answer."""
        checks = {name: _safe(probe) for name, probe in probes.items()}
        ready = all(checks.values())
        body = {"status": "ready" if ready else "unavailable", "checks": checks}
        return JSONResponse(body, status_code=200 if ready else 503)

    @router.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router


def _safe(probe: Probe) -> bool:
    try:
        return probe()
    except Exception:
        return False


def install_request_metrics(app: FastAPI, registry: CollectorRegistry) -> None:
    app.add_middleware(RequestMetrics, registry=registry)


class RequestMetrics:
    """Counts and times every request by its route. Plain ASGI: Starlette's ``BaseHTTPMiddleware`` costs
    each request a task group and a stream, a millisecond of the event loop's time on this machine."""

    def __init__(self, app: ASGIApp, registry: CollectorRegistry) -> None:
        self.app = app
        self.requests = Counter(
            "embrace_http_requests", "HTTP requests by route and status.", ["method", "route", "status"],
            registry=registry,
        )  # fmt: skip
        self.latency = Histogram(
            "embrace_http_request_seconds", "HTTP request latency by route.", ["method", "route"],
            registry=registry, buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )  # fmt: skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), [500]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            # The route template, not the raw path, keeps label cardinality bounded.
            route = getattr(scope.get("route"), "path", "unmatched")
            self.latency.labels(scope["method"], route).observe(time.perf_counter() - started)
            self.requests.labels(scope["method"], route, str(status[0])).inc()
