"""Every page of the web app a person opens, as the services route them."""

from __future__ import annotations

from services.ingest.web.install import PAGES
from services.reporting.routes import ROUTERS

NOT_PAGES = {"/app/language/{language}"}  # sets the language and goes back to the page it was asked from


def web_pages() -> list[str]:
    """The GET routes under /app."""
    routes = [route for router in [*ROUTERS, *(page.router for page in PAGES)] for route in router.routes]
    paths = {r.path for r in routes if "GET" in getattr(r, "methods", ()) and r.path.startswith("/app")}
    return sorted(paths - NOT_PAGES)
