"""Rendering pages: templates, the language, and security headers."""

from __future__ import annotations

from functools import cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from embrace.http import frame
from embrace.http.language import negotiate
from embrace.messages import Language
from embrace.settings import Settings
from services.ingest.web.texts import count, text

HERE = Path(__file__).parent


# Categories only the police notices import uses: not for partners to report or to target.
POLICE_MATTERS = ("police_summary", "other", "traffic_accident", "fire", "missing_person")


@cache
def templates() -> Jinja2Templates:
    made = Jinja2Templates(env=frame.environment("services.ingest.web"))
    made.env.globals["POLICE_MATTERS"] = POLICE_MATTERS
    return made


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def security_headers(settings: Settings) -> dict[str, str]:
    # Only our own scripts and styles, plus the map library's origin when one is configured.
    map_origins = " ".join(
        filter(None, {_origin(settings.map_script_url), _origin(settings.map_stylesheet_url)})
    )
    tiles = _origin(settings.map_tiles_url) if settings.map_script_url else ""
    policy = (
        f"default-src 'self'; script-src 'self' {map_origins}; "
        f"style-src 'self' {frame.STYLE_HASH} {map_origins}; "
        f"img-src 'self' data: {tiles}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    return {
        "Content-Security-Policy": " ".join(policy.split()),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-store",
    }


def page_language(request: Request) -> Language:
    settings: Settings = request.app.state.settings
    return negotiate(request, settings.language, header=False)


def page_zone(request: Request) -> ZoneInfo:
    """The instance's time zone, in which a page shows times and dates."""
    return ZoneInfo(request.app.state.settings.timezone)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    language = page_language(request)
    response = templates().TemplateResponse(
        request,
        template,
        {
            "t": partial(text, language=language),
            "count": partial(count, language=language),
            "lang": language,
            "map": settings if settings.map_script_url else None,
            "frame": frame.top_bar(context.get("signed"), request.url.path, language),
            **context,
        },
        status_code=status,
    )
    response.headers.update(security_headers(settings))
    return response
