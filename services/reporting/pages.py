"""What every report page shares: the templates, how numbers read (codes: :mod:`embrace.naming`), the
tenant's name, and the answer in the format asked for (JSON, a page, or the page printed to PDF)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import pass_context
from jinja2.runtime import Context
from pydantic import ValidationError

from embrace import i18n
from embrace.errors import OperatorError
from embrace.http import frame
from embrace.http.language import negotiate
from embrace.http.problems import ProblemError, field_errors
from embrace.messages import Language, message
from embrace.naming import Names
from embrace.sqlstore import SqlStore
from embrace.sqlstore.accounts import SignedIn
from embrace.sqlstore.registry import names_of

ENVIRONMENT = frame.environment("services.reporting")
FORMATS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {}, "text/html": {}, "application/pdf": {}}}
}


def days(language: Language) -> tuple[str, ...]:
    """Monday to Sunday, short."""
    return tuple(i18n.gettext(f"day.{n}", language) for n in range(1, 8))


def parts_of_day(language: Language) -> Mapping[str, str]:
    return i18n.section("part.", language)


def render_pdf(html: str) -> bytes:
    """Chromium's print-to-PDF of the page (headless, no network)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise OperatorError("PDF needs Chromium: install Debian's chromium package")
    with tempfile.TemporaryDirectory() as folder:
        page, pdf = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   f"--user-data-dir={folder}/profile", f"--print-to-pdf={pdf}", page.as_uri()]  # fmt: skip
        subprocess.run(command, capture_output=True, timeout=120, check=True)
        return pdf.read_bytes()


def span(bounds: Sequence[int] | None) -> str:
    """A range such as a usual one, low–high; – where there is none."""
    return f"{bounds[0]}–{bounds[1]}" if bounds else "–"


def number(value: Any, language: Language) -> str:
    if value is None:
        return "–"  # not known, which 0 would misstate
    text = f"{value:.1f}" if isinstance(value, float) else str(value)
    return text.replace(".", ",") if language == "sv" else text


@pass_context
def _number_on_page(context: Context, value: Any) -> str:
    return number(value, context.get("lang", "sv"))


@pass_context
def _labelled(context: Context, code: str, dimension: str) -> str:
    label = context.get("label")
    return label(dimension, code) if label else code


ENVIRONMENT.globals["num"] = _number_on_page  # a number as the page's language writes it
ENVIRONMENT.filters["labelled"] = _labelled  # codes | map("labelled", "area"): as the page's label reads them


def as_requested(request: Request, body: Any, page: Callable[[], str]) -> Any:
    """The JSON ``body``, or the ``page`` (made only when asked for) as HTML or PDF by ``Accept``."""
    accept = request.headers.get("accept", "")
    if "application/pdf" in accept:
        return Response(render_pdf(page()), media_type="application/pdf")
    return HTMLResponse(page()) if "text/html" in accept else body


def tenant_names(sql_store: SqlStore, tenant: str | None) -> Names:
    """What a tenant's pages call it and its areas and organisations (``None``: every tenant's codes, as
    a regional page keys them); a code the SQL store does not name reads as it is."""
    with sql_store.session() as session:
        return names_of(session, tenant)


def app_page(request: Request, person: SignedIn, template: str, active: str, **context: Any) -> HTMLResponse:
    """A page of the web app served here: the template in the web app's frame, in the person's language."""
    language = negotiate(request, header=False)
    bar = frame.top_bar(person, request.url.path, language)
    page = ENVIRONMENT.get_template(template).render(lang=language, frame=bar, active=active, **context)
    return HTMLResponse(page)


def form_errors(exc: ValidationError | ProblemError, language: Language,
                named: Callable[[str], str] = str) -> list[str]:  # fmt: skip
    """What a form was refused for, a line per field (its name as ``named`` reads it), to show above the
    form sent again."""
    found = field_errors(exc.errors()) if isinstance(exc, ValidationError) else exc.errors
    return [f"{named(e.field)}: {message(e.code, language, e.message, e.params)}" for e in found]


def named_by_row(filled: Mapping[str, Sequence[int]], row: str, labels: Mapping[str, str],
                 language: Language) -> Callable[[str], str]:  # fmt: skip
    """A field of a list that a form fills row by row, as the form names it. ``filled`` gives, per list,
    the form's rows that became its items: ``tasks.0.due_week``, the first task being the form's second
    row, reads "Uppgift 2, Klar vecka" (``row``: the catalogue's "Uppgift {n}"; ``labels``: fields')."""

    def named(field: str) -> str:
        parts = field.split(".")
        rows = filled.get(parts[0], ())
        if len(parts) < 3 or not parts[1].isdigit() or int(parts[1]) >= len(rows):
            return field
        label = labels.get(parts[2])
        return f"{i18n.gettext(row, language, n=rows[int(parts[1])] + 1)}, " + (
            i18n.gettext(label, language) if label else parts[2])  # fmt: skip

    return named


def back_to(path: str) -> RedirectResponse:
    """After a form: to the page, by GET (so a reload sends nothing twice)."""
    return RedirectResponse(path, status_code=303)
