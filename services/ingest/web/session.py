"""The web app's cookies and CSRF protection of forms (who is signed in: :mod:`embrace.http.signin`)."""

from __future__ import annotations

import ipaddress

from fastapi import Request

from embrace.settings import Settings

LOGIN_CSRF_COOKIE = "embrace_login_csrf"


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
