"""Errors as RFC 9457 problem details, naming each bad field, in Swedish or English."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from embrace import i18n
from embrace.http.language import negotiate
from embrace.messages import Language, message
from embrace.validation import Problem

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://embrace-platform.se/problems/"

# A text for people: the same in every language, or one per language.
Text = str | Mapping[Language, str]

TITLES: dict[int, dict[Language, str]] = {
    code: i18n.both(f"problem.title_{code}")
    for code in (400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429, 500, 503)
}
CRASHED: dict[Language, str] = i18n.both("problem.crashed")
INVALID: dict[Language, str] = i18n.both("problem.invalid")


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


# Every problem any route may answer, so the OpenAPI document says what the API does. 400 is malformed
# JSON or a malformed header; 405 carries Allow; 415 a body that is not JSON.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ProblemOut, "content": {MEDIA_TYPE: {}}, "description": TITLES[status]["en"]}
    for status in (400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429, 500, 503)
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
