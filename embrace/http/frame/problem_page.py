"""A refused request of a person's browser under ``/app`` gets a page of the web app, in the app's
language, saying what was wrong, not the problem document a program gets. Every process that serves
``/app`` pages (the ingest service's forms, the reporting service's Lägesbild) answers so."""

from __future__ import annotations

from functools import cache

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from embrace.http.frame import STYLE_HASH, environment, top_bar
from embrace.http.language import negotiate
from embrace.http.problems import ProblemError, problem_body

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
