"""Errors as RFC 9457 problem details, naming each bad field, in Swedish or English."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from embrace.http.language import Language, negotiate

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://embrace-platform.se/problems/"

TITLES: dict[int, dict[Language, str]] = {
    400: {"sv": "Felaktig begäran", "en": "Bad request"},
    401: {"sv": "Inloggning krävs", "en": "Authentication required"},
    403: {"sv": "Åtkomst nekad", "en": "Forbidden"},
    404: {"sv": "Hittades inte", "en": "Not found"},
    405: {"sv": "Metoden stöds inte", "en": "Method not allowed"},
    409: {"sv": "Konflikt", "en": "Conflict"},
    413: {"sv": "För stor begäran", "en": "Request too large"},
    415: {"sv": "Fel innehållstyp", "en": "Unsupported media type"},
    422: {"sv": "Ogiltiga uppgifter", "en": "Invalid data"},
    429: {"sv": "För många förfrågningar", "en": "Too many requests"},
    500: {"sv": "Internt fel", "en": "Internal error"},
    503: {"sv": "Tjänsten är inte tillgänglig", "en": "Service unavailable"},
}


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    message: str


class ProblemError(Exception):
    """Raise from an endpoint to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str = "about:blank",
        errors: Sequence[FieldError] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.errors = list(errors)
        self.headers = headers or {}


def problem_response(
    request: Request,
    status: int,
    detail: str,
    *,
    kind: str = "about:blank",
    errors: Sequence[FieldError] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    language = negotiate(request)
    body: dict[str, Any] = {
        "type": kind if kind == "about:blank" else TYPE_BASE + kind,
        "title": TITLES.get(status, TITLES[500])[language],
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = [{"field": e.field, "code": e.code, "message": e.message} for e in errors]
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def field_path(loc: Sequence[Any]) -> str:
    """``("body", "incidents", 0, "category")`` -> ``incidents.0.category``; other origins keep their name."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


def install(app: FastAPI, validation_message: Any = None) -> None:
    """Make every error of the app a problem document."""

    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        return problem_response(
            request, exc.status, exc.detail, kind=exc.kind, errors=exc.errors, headers=exc.headers
        )

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        language = negotiate(request)
        translate = validation_message or (lambda error, _language: error["msg"])
        errors = [FieldError(field_path(e["loc"]), e["type"], translate(e, language)) for e in exc.errors()]
        detail = {"sv": "Uppgifterna innehåller fel.", "en": "The request has invalid fields."}[language]
        return problem_response(request, 422, detail, kind="validation", errors=errors)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        headers = dict(exc.headers) if exc.headers else None
        return problem_response(request, exc.status_code, str(exc.detail), headers=headers)

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
