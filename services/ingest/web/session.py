"""Who is logged in (a server-side session behind an HttpOnly cookie) and CSRF protection of forms."""

from __future__ import annotations

import hmac
import ipaddress
from typing import Annotated

from fastapi import Depends, Request

from embrace.directory.accounts import SESSION_COOKIE, SignedIn, signed_in
from embrace.settings import Settings
from services.ingest.context import IngestDep

LOGIN_CSRF_COOKIE = "embrace_login_csrf"


class LoginRequired(Exception):
    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class CsrfRejected(Exception):
    pass


def current(request: Request, ingest: IngestDep) -> SignedIn | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    with ingest.directory.session() as session:
        return signed_in(session, token)


def require_signed_in(request: Request, ingest: IngestDep) -> SignedIn:
    found = current(request, ingest)
    if found is None:
        raise LoginRequired(request.url.path)
    return found


SignedInDep = Annotated[SignedIn, Depends(require_signed_in)]


def check_csrf(expected: str, presented: str | None) -> None:
    if not presented or not hmac.compare_digest(expected, presented):
        raise CsrfRejected()


def secure_cookies(request: Request, settings: Settings) -> bool:
    """Secure unless told otherwise, except over plain http to this machine (local development)."""
    if settings.cookie_secure is not None:
        return settings.cookie_secure
    if request.url.scheme == "https":
        return True
    try:
        return not ipaddress.ip_address(request.url.hostname or "").is_loopback
    except ValueError:
        return request.url.hostname != "localhost"


def safe_next(path: str | None) -> str:
    """Only our own pages: a login link must not send people elsewhere."""
    if path and path.startswith("/app/") and not path.startswith("//"):
        return path
    return "/app/report"
