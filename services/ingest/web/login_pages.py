"""Logging in and out, one's own password, and choosing the language."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from embrace.http.limits import RateLimiter
from embrace.http.signin import SignedInDep, check_csrf
from embrace.messages import LANGUAGES
from embrace.sqlstore.accounts import (
    MIN_PASSWORD_LENGTH,
    SESSION_COOKIE,
    check_password,
    close_session,
    end_sessions,
    open_session,
    set_password,
)
from services.ingest.context import IngestDep
from services.ingest.web.rendering import render
from services.ingest.web.session import LOGIN_CSRF_COOKIE, safe_next, secure_cookies

router = APIRouter(prefix="/app", include_in_schema=False)


@router.get("")
def home() -> RedirectResponse:
    return RedirectResponse("/app/report", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html", next=safe_next(next), csrf=token, error=None)
    # Login forms need CSRF protection too (login CSRF); with no session yet, a double-submit cookie does it.
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=secure_cookies(request, request.app.state.settings),
        path="/app/login",
    )
    return response


@router.post("/login")
def login(
    request: Request,
    ingest: IngestDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1000)],
    csrf: Annotated[str, Form(max_length=100)],
    next: Annotated[str, Form(max_length=300)] = "/app/report",
) -> Response:
    check_csrf(request.cookies.get(LOGIN_CSRF_COOKIE, ""), csrf)
    limiter: RateLimiter = request.app.state.login_limiter
    host = request.client.host if request.client else "?"
    if limiter.wait_needed(f"{host}/{email.lower()}"):
        return render(request, "login.html", 429, next=safe_next(next), csrf=csrf, error="login_throttled")
    with ingest.sql_store.session() as session:
        user = check_password(session, email, password)
        token = open_session(session, user) if user is not None else None
    if token is None:
        return render(request, "login.html", 401, next=safe_next(next), csrf=csrf, error="login_failed")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        path="/app",
        secure=secure_cookies(request, request.app.state.settings),
        max_age=12 * 3600,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/app/login")
    return response


@router.post("/logout")
def logout(
    request: Request, signed: SignedInDep, ingest: IngestDep, csrf: Annotated[str, Form(max_length=100)]
) -> RedirectResponse:
    check_csrf(signed.csrf_token, csrf)
    with ingest.sql_store.session() as session:
        close_session(session, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/app/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/app")
    return response


@router.get("/password")
def password_page(request: Request, signed: SignedInDep) -> Response:
    return render(request, "password.html", signed=signed, errors={}, least=MIN_PASSWORD_LENGTH)


@router.post("/password")
def change_password(
    request: Request, signed: SignedInDep, ingest: IngestDep,
    current: Annotated[str, Form(max_length=1000)], new: Annotated[str, Form(max_length=1000)],
    again: Annotated[str, Form(max_length=1000)], csrf: Annotated[str, Form(max_length=100)],
) -> Response:  # fmt: skip
    """A person's own password: the current one first (as slowly tried as a login), then the new one
    twice. Every other session of theirs ends."""
    check_csrf(signed.csrf_token, csrf)
    host = request.client.host if request.client else "?"
    errors: dict[str, str] = {}
    if request.app.state.login_limiter.wait_needed(f"{host}/{signed.email}"):
        errors["current"] = "login_throttled"
    with ingest.sql_store.session() as session:
        user = None if errors else check_password(session, signed.email, current)
        errors = errors or _refused(user is not None and user.id == signed.user_id, new, again)
        if user is not None and not errors:
            set_password(user, new)
            end_sessions(session, user.id, keeping=request.cookies.get(SESSION_COOKIE, ""))
    status = 422 if errors else 200
    return render(request, "password.html", status, signed=signed, errors=errors,
                  least=MIN_PASSWORD_LENGTH, changed=not errors)  # fmt: skip


def _refused(current_right: bool, new: str, again: str) -> dict[str, str]:
    """The first thing wrong with a change of password, by field."""
    if not current_right:
        return {"current": "password_wrong"}
    if len(new) < MIN_PASSWORD_LENGTH:
        return {"new": "password_short"}
    return {"again": "password_differ"} if new != again else {}


@router.get("/language/{language}")
def choose_language(language: str, back: str | None = None) -> RedirectResponse:
    response = RedirectResponse(safe_next(back) if back != "/app/login" else "/app/login", status_code=303)
    if language in LANGUAGES:
        response.set_cookie("lang", language, samesite="lax", max_age=365 * 86400, path="/")
    return response
