"""Every error of an app as a problem document: the exception handlers, and what they count."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from prometheus_client import CollectorRegistry, Counter
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from embrace import i18n
from embrace.http.frame.problem_page import problem_page
from embrace.http.problems import CRASHED, INVALID, FieldError, ProblemError, field_errors, problem_response
from embrace.messages import Language

log = logging.getLogger(__name__)
STORE_LOST_RETRY_SECONDS = 1  # a lost connection: the retry reconnects at once (shedding has RetryAdvice)

BAD_HEADER: dict[Language, str] = i18n.both("problem.bad_header")
MALFORMED: dict[Language, str] = i18n.both("problem.malformed_json")

REASONS = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
           409: "conflict", 412: "version_changed", 413: "too_large", 429: "rate_limited",
           503: "unavailable"}  # fmt: skip


def allowed_methods(request: Request) -> list[str]:
    """Every method some route answers on this path, asked of the router as a request would be."""
    allowed = []
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def as_problem(request: Request, exc: Exception) -> ProblemError:
    """What any exception of a request means to the caller."""
    if isinstance(exc, ProblemError):
        return exc
    if isinstance(exc, RequestValidationError):
        return _invalid_request(field_errors(exc.errors()))
    if isinstance(exc, StarletteHTTPException):
        headers = dict(exc.headers) if exc.headers else {}
        if exc.status_code == 405:
            # Starlette names only the methods of the first route on the path; Allow must name them all.
            headers["Allow"] = ", ".join(allowed_methods(request))
        # Starlette's own refusals (no such path, no such method) say so in English; they are said in
        # the reader's language where the catalogue has them.
        said = f"problem.{REASONS.get(exc.status_code, '')}"
        detail = i18n.both(said) if i18n.has(said) else str(exc.detail)
        return ProblemError(exc.status_code, detail, headers=headers)
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        # The server dropped a connection in use; the pool has let go of them all, so a retry reconnects.
        log.warning("lost the SQL store's connection on %s %s", request.method, request.url.path)
        lost = i18n.both("problem.store_lost", wait=STORE_LOST_RETRY_SECONDS)
        retry = {"Retry-After": str(STORE_LOST_RETRY_SECONDS)}
        return ProblemError(503, lost, kind="store-lost", headers=retry)
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return ProblemError(500, CRASHED)


def _invalid_request(errors: list[FieldError]) -> ProblemError:
    if any(e.code == "json_invalid" for e in errors):
        # Not a field that is wrong but a body that is not JSON at all: the request itself is bad.
        malformed = [FieldError("body", "json_invalid", "Invalid JSON")]
        return ProblemError(400, MALFORMED, kind="malformed-json", errors=malformed)
    if all(e.field.startswith("header.") for e in errors):  # the envelope, not the data, is wrong
        return ProblemError(400, BAD_HEADER, kind="malformed-header", errors=errors)
    return ProblemError(422, INVALID, kind="validation", errors=errors)


def install(app: FastAPI, registry: CollectorRegistry) -> None:
    """Make every error of the app a problem document, counted by reason; a person's browser asking for
    a web app page gets it as a page (:mod:`embrace.http.frame.problem_page`)."""
    rejections = Counter(
        "embrace_http_rejections", "Requests refused, by reason (a field error's code for 422).", ["reason"],
        registry=registry,
    )  # fmt: skip

    async def answer(request: Request, exc: Exception) -> Response:
        problem = as_problem(request, exc)
        for reason in {e.code for e in problem.errors} or {REASONS.get(problem.status, str(problem.status))}:
            rejections.labels(reason).inc()
        if (page := problem_page(request, problem)) is not None:
            return page
        return problem_response(
            request, problem.status, problem.detail, kind=problem.kind, errors=problem.errors,
            headers=problem.headers or None,
        )  # fmt: skip

    # DBAPIError by name: a lost connection is answered like any refusal, not as a crash re-raised.
    for caught in (Exception, ProblemError, RequestValidationError, StarletteHTTPException, DBAPIError):
        app.add_exception_handler(caught, answer)
