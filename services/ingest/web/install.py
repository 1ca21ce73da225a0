"""Adding the web app to an HTTP app: its pages, static files and answers to login and CSRF failures."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from embrace.contracts import Instant, Location, Window
from embrace.http.limits import RateLimiter
from embrace.http.signin import CsrfRejected
from embrace.settings import Settings
from services.ingest.web import (
    intervention_pages,
    login_pages,
    mail_pages,
    partner_keys,
    partner_pages,
    report_pages,
    sent_pages,
)
from services.ingest.web.rendering import HERE, render, templates

# Every page module of the web app this service serves, each with its ``router``.
PAGES = (login_pages, report_pages, sent_pages, intervention_pages, partner_pages, partner_keys, mail_pages)


def install_web(app: FastAPI, settings: Settings) -> None:
    # Slow down password guessing: a few attempts a minute per address and e-mail.
    app.state.login_limiter = RateLimiter(per_minute=10, burst=5)
    environment = templates().env
    environment.filters["when"] = describe_time
    environment.filters["where"] = describe_place
    if settings.map_assets_dir is not None:  # before /static, which would otherwise answer for it
        app.mount("/static/map", StaticFiles(directory=settings.map_assets_dir), name="map")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for router in (page.router for page in PAGES):
        app.include_router(router)

    async def retry(request: Request, _exc: Exception) -> Response:
        back = request.url.path if request.url.path.startswith("/app/login") else "/app/report"
        return render(request, "retry.html", 403, back=back, signed=None)

    app.add_exception_handler(CsrfRejected, retry)


def describe_time(time: Instant | Window, zone: ZoneInfo) -> str:
    if isinstance(time, Instant):
        return _local(time.at, zone).strftime("%Y-%m-%d %H:%M")
    start, end = _local(time.start, zone), _local(time.end, zone)
    if start.date() == end.date() or (
        (end - start).total_seconds() <= 86400 and end.hour == 0 and end.minute == 0
    ):
        return f"{start:%Y-%m-%d %H:%M}–{'24:00' if end.date() != start.date() else f'{end:%H:%M}'}"
    return f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}"


def describe_place(location: Location, areas: list[tuple[str, str]]) -> str:
    names = dict(areas)
    parts = [names.get(location.area_id, location.area_id) if location.area_id else None, location.address]
    if location.point is not None:
        parts.append(f"{location.point.lat:.5f}, {location.point.lon:.5f}")
    return " · ".join(p for p in parts if p)


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone)
