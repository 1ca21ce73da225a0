"""Overload sheds instead of queueing. Past ``limit`` requests in flight, or while more than ``queued``
connections wait for the process to take them (``listen_queue``), a request is answered at once: 503,
with ``Retry-After`` (see ``retry_advice``), before its body is read. Without it, requests beyond the
process's capacity wait without bound, and a partner waits twenty seconds for a 202.

A client that retries with the same ``Idempotency-Key`` gets its report stored once: a shed request
did nothing. Health, readiness and metrics are never shed, so an overloaded process is still seen.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from embrace import i18n
from embrace.http.language import negotiate
from embrace.http.listen_queue import ListenQueue
from embrace.http.problems import MEDIA_TYPE, problem_body
from embrace.http.retry_advice import RetryAdvice

NEVER_SHED = frozenset({"/healthz", "/readyz", "/metrics"})


class Shedding:
    def __init__(
        self, app: ASGIApp, limit: int, registry: CollectorRegistry, queued: int, listen_queue: ListenQueue
    ) -> None:
        self.app = app
        self.limit, self.queued = limit, queued
        self.listen_queue = listen_queue
        self.in_flight = 0  # changed on the event loop only, so no lock
        self.advice = RetryAdvice()
        gauge = Gauge("embrace_http_in_flight", "HTTP requests being answered now.", registry=registry)
        gauge.set_function(lambda: self.in_flight)
        waiting = Gauge("embrace_http_queued", "Connections waiting for the process to take them.",
                        registry=registry)  # fmt: skip
        waiting.set_function(listen_queue.depth)
        shed = Counter(
            "embrace_http_shed", "Requests answered 503 at once: too many in flight, or queued.",
            ["reason"], registry=registry,
        )  # fmt: skip
        self._shed_in_flight, self._shed_queued = shed.labels("in_flight"), shed.labels("queued")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in NEVER_SHED:
            await self.app(scope, receive, send)
            return
        past = self._past_bound()
        if past is not None:
            past.inc()
            await self._refuse(scope, receive, send, self.advice.shed())
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            self.advice.answered()

    def _past_bound(self) -> Counter | None:
        """The count of shed requests of the bound this request is past, if it is past one."""
        if self.in_flight >= self.limit:
            return self._shed_in_flight
        if self.listen_queue.depth() > self.queued:
            return self._shed_queued
        return None

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, wait: int) -> None:
        language = negotiate(Request(scope, receive))
        detail = i18n.both("problem.overloaded", wait=wait)
        body = problem_body(language, 503, detail, scope["path"], "overloaded", [])
        answer = JSONResponse(body, status_code=503, media_type=MEDIA_TYPE,
                              headers={"Retry-After": str(wait)})  # fmt: skip
        await answer(scope, receive, send)
