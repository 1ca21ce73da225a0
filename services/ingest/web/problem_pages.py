"""A request of a web app page that is refused gets a page of the app, in the person's language, saying
what was wrong, not the problem document a program gets."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from embrace.http.problems import ProblemError, problem_body
from services.ingest.web.rendering import page_language, render


def problem_page(request: Request, problem: ProblemError) -> Response | None:
    """The page for a refused request of a person's browser under ``/app``; None for anything else."""
    if not request.url.path.startswith("/app") or "text/html" not in request.headers.get("accept", ""):
        return None
    said = problem_body(page_language(request), problem.status, problem.detail, request.url.path,
                        problem.kind, problem.errors)  # fmt: skip
    page = render(request, "problem.html", problem.status, problem=said, signed=None)
    page.headers.update(problem.headers or {})
    return page
