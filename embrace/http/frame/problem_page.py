"""Pages that stand alone in the web app's frame. A refused request of a person's browser under ``/app``
gets a page in the app's language saying what was wrong, not the problem document a program gets: every
process that serves ``/app`` pages (the ingest service's forms, the reporting service's Lägesbild)
answers so. A link followed from a mail (to unsubscribe) gets a notice of what it did."""

from __future__ import annotations

from functools import cache

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from embrace.http.frame import STYLE_HASH, environment, top_bar
from embrace.http.language import negotiate
from embrace.http.problems import ProblemError, problem_body
from embrace.i18n import Language

# The page has no script and no style but the frame's.
POLICY = f"default-src 'self'; style-src 'self' {STYLE_HASH}; frame-ancestors 'none'; base-uri 'none'"


@cache
def _environment() -> Environment:
    return environment(__package__ or "embrace.http.frame")


def problem_page(request: Request, problem: ProblemError) -> HTMLResponse | None:
    """The page for a refused request of a browser under ``/app``; None for anything else."""
    if not request.url.path.startswith("/app") or "text/html" not in request.headers.get("accept", ""):
        return None
    settings = getattr(request.app.state, "settings", None)
    language = negotiate(request, settings.language if settings else "sv", header=False)
    said = problem_body(language, problem.status, problem.detail, request.url.path, problem.kind,
                        problem.errors)  # fmt: skip
    page = (
        _environment()
        .get_template("problem.html")
        .render(problem=said, lang=language, frame=top_bar(None, request.url.path, language))
    )
    headers = {**(problem.headers or {}), "Content-Security-Policy": POLICY, "Cache-Control": "no-store"}
    return HTMLResponse(page, status_code=problem.status, headers=headers)


def notice_page(language: Language, title: str, text: str, link: tuple[str, str] | None = None,
                status: int = 200) -> HTMLResponse:  # fmt: skip
    """What a link followed from a mail did, without the top bar (no one need be signed in); ``link``:
    where to go on, as (path, text)."""
    went_on = {"path": link[0], "text": link[1]} if link else None
    page = (
        _environment()
        .get_template("notice.html")
        .render(title=title, text=text, link=went_on, lang=language, frame=None)
    )
    return HTMLResponse(page, status_code=status, headers={"Content-Security-Policy": POLICY,
                                                             "Cache-Control": "no-store"})  # fmt: skip
