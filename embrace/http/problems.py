"""Errors as RFC 9457 problem details, naming each bad field, in Swedish or English."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from prometheus_client import CollectorRegistry, Counter
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from embrace.http.language import negotiate
from embrace.messages import Language, message
from embrace.validation import Problem

log = logging.getLogger(__name__)
MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://embrace-platform.se/problems/"

# A text for people: the same in every language, or one per language.
Text = str | Mapping[Language, str]

TITLES: dict[int, dict[Language, str]] = {
    400: {"sv": "Felaktig begäran", "en": "Bad request"},
    401: {"sv": "Inloggning krävs", "en": "Authentication required"},
    403: {"sv": "Åtkomst nekad", "en": "Forbidden"},
    404: {"sv": "Hittades inte", "en": "Not found"},
    405: {"sv": "Metoden stöds inte", "en": "Method not allowed"},
    409: {"sv": "Konflikt", "en": "Conflict"},
    412: {"sv": "Versionen har ändrats", "en": "Precondition failed"},
    413: {"sv": "För stor begäran", "en": "Request too large"},
    415: {"sv": "Fel innehållstyp", "en": "Unsupported media type"},
    422: {"sv": "Ogiltiga uppgifter", "en": "Invalid data"},
    429: {"sv": "För många förfrågningar", "en": "Too many requests"},
    500: {"sv": "Internt fel", "en": "Internal error"},
    503: {"sv": "Tjänsten är inte tillgänglig", "en": "Service unavailable"},
}
CRASHED: dict[Language, str] = {
    "sv": "Ett oväntat fel uppstod; det är loggat.",
    "en": "An unexpected error occurred; it is logged.",
}
INVALID: dict[Language, str] = {"sv": "Uppgifterna innehåller fel.", "en": "The request has invalid fields."}


@dataclass(frozen=True)
class FieldError:
    """One bad field: a stable code, the English text, and what a translation may fill in."""

    field: str
    code: str
    message: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, problem: Problem, prefix: str = "") -> FieldError:
        return cls(prefix + problem.field, problem.code, problem.detail, problem.params)


class ProblemFieldOut(BaseModel):
    field: str
    code: str
    message: str


class ProblemOut(BaseModel):
    """An RFC 9457 problem document, as every error of the API is answered."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[ProblemFieldOut] = []


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ProblemOut, "content": {MEDIA_TYPE: {}}, "description": TITLES[status]["en"]}
    for status in (401, 403, 404, 409, 412, 413, 422, 429)
}


class ProblemError(Exception):
    """Raise from an endpoint to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: Text,
        *,
        kind: str = "about:blank",
        errors: Sequence[FieldError] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail if isinstance(detail, str) else detail["en"])
        self.status = status
        self.detail = detail
        self.kind = kind
        self.errors = list(errors)
        self.headers = headers or {}


def invalid(errors: Sequence[FieldError], prefix: str = "") -> ProblemError:
    """The 422 answer for field errors."""
    moved = [FieldError(prefix + e.field, e.code, e.message, e.params) for e in errors]
    return ProblemError(422, INVALID, kind="validation", errors=moved)


def problem_body(
    language: Language, status: int, detail: Text, instance: str, kind: str, errors: Sequence[FieldError]
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": kind if kind == "about:blank" else TYPE_BASE + kind,
        "title": TITLES.get(status, TITLES[500])[language],
        "status": status,
        "detail": detail if isinstance(detail, str) else detail[language],
        "instance": instance,
    }
    if errors:
        body["errors"] = [
            {"field": e.field, "code": e.code, "message": message(e.code, language, e.message, e.params)}
            for e in errors
        ]
    return body


def problem_response(
    request: Request,
    status: int,
    detail: Text,
    *,
    kind: str = "about:blank",
    errors: Sequence[FieldError] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = problem_body(negotiate(request), status, detail, request.url.path, kind, errors)
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def field_path(loc: Sequence[Any]) -> str:
    """``("body", "incidents", 0, "category")`` -> ``incidents.0.category``; other origins keep their name."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def field_errors(errors: Sequence[Any]) -> list[FieldError]:
    """pydantic errors as field errors; their messages are translated when the problem is written."""
    found = []
    for error in errors:
        # Discriminated unions put the tag in the path ("time.instant.at"); people know it as "time.at".
        loc = [p for p in error["loc"] if p not in ("instant", "window")]
        params = {k: v for k, v in (error.get("ctx") or {}).items() if not isinstance(v, Exception)}
        found.append(FieldError(field_path(loc), error["type"], error["msg"], params))
    return found


REASONS = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
           409: "conflict", 412: "version_changed", 413: "too_large", 429: "rate_limited"}  # fmt: skip


def install(app: FastAPI, registry: CollectorRegistry) -> None:
    """Make every error of the app a problem document, counted by reason."""
    rejections = Counter(
        "embrace_http_rejections", "Requests refused, by reason (a field error's code for 422).", ["reason"],
        registry=registry,
    )  # fmt: skip

    def counted(status: int, errors: Sequence[FieldError]) -> None:
        reasons = {e.code for e in errors} or {REASONS.get(status, str(status))}
        for reason in reasons:
            rejections.labels(reason).inc()

    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        counted(exc.status, exc.errors)
        return problem_response(
            request, exc.status, exc.detail, kind=exc.kind, errors=exc.errors, headers=exc.headers
        )

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = field_errors(exc.errors())
        counted(422, errors)
        return problem_response(request, 422, INVALID, kind="validation", errors=errors)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        counted(exc.status_code, [])
        headers = dict(exc.headers) if exc.headers else None
        return problem_response(request, exc.status_code, str(exc.detail), headers=headers)

    async def on_crash(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        counted(500, [])
        return problem_response(request, 500, CRASHED)

    app.add_exception_handler(Exception, on_crash)
    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
