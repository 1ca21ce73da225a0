"""The web app's sign-in, one for every page under /app whichever service serves it: a server-side session
behind an HttpOnly cookie; a page that needs a person sends everyone else to the login, and back."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from embrace.http.dependencies import SqlStoreDep
from embrace.http.problems import ProblemError
from embrace.http.security import FORBIDDEN
from embrace.sqlstore.accounts import SESSION_COOKIE, SignedIn, signed_in


class CsrfRejected(Exception):
    """A form came without the signed-in session's CSRF token."""


def check_csrf(expected: str, presented: object) -> None:
    """``expected``: the session's token (or the login form's cookie); ``presented``: the form's."""
    if not isinstance(presented, str) or not presented or not hmac.compare_digest(expected, presented):
        raise CsrfRejected()


async def checked_form(request: Request, person: SignedIn) -> FormData:
    """A form a signed-in person sent, once its CSRF token is theirs."""
    form = await request.form()
    check_csrf(person.csrf_token, form.get("csrf"))
    return form


class LoginRequired(Exception):
    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def current(request: Request, sql_store: SqlStoreDep) -> SignedIn | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    with sql_store.session() as session:
        return signed_in(session, token)


def require_signed_in(request: Request, sql_store: SqlStoreDep) -> SignedIn:
    found = current(request, sql_store)
    if found is None:
        raise LoginRequired(request.url.path)
    return found


SignedInDep = Annotated[SignedIn, Depends(require_signed_in)]


def require_chair(person: SignedInDep) -> SignedIn:
    """The signed-in person, if their role runs the working loop's meetings; else 403."""
    if not person.principal.may("chair"):
        raise ProblemError(403, FORBIDDEN, kind="forbidden")
    return person


ChairDep = Annotated[SignedIn, Depends(require_chair)]  # a page or form for the chair only


def install(app: FastAPI) -> None:
    """A page that needs a person answers with the way to the login that comes back to it."""

    async def to_login(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        return RedirectResponse(f"/app/login?next={exc.next_path}", status_code=303)

    async def rejected(_request: Request, _exc: Exception) -> Response:
        return PlainTextResponse("The form has expired: go back and try again.", status_code=403)

    app.add_exception_handler(LoginRequired, to_login)
    app.add_exception_handler(CsrfRejected, rejected)  # the web app's own page replaces this answer
