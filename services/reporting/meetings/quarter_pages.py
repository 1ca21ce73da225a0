"""The web app's quarterly meeting (Kvartalsmöte): what the meeting before decided and what came of it, the
computed proposal, and the chair's form that decides the priority areas of the quarter after: a row per
proposed area, the reasons the ranking gives already written in, and rows for areas it did not propose."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from embrace.http.dependencies import SqlStoreDep, TaxonomyDep, WakeRelayDep, WarehouseDep
from embrace.http.frame import top_bar
from embrace.http.language import negotiate
from embrace.http.problems import FieldError, ProblemError, invalid
from embrace.http.security import FORBIDDEN
from embrace.http.signin import SignedInDep, check_csrf
from embrace.i18n import gettext
from embrace.messages import Language
from embrace.sqlstore.accounts import SignedIn
from embrace.sqlstore.registry import names_of
from embrace.taxonomy import Taxonomy
from services.reporting.meetings import service
from services.reporting.meetings.minutes_page import quarterly_minutes_page
from services.reporting.meetings.records import Minutes, meeting_of
from services.reporting.pages import back_to, form_errors
from services.reporting.quarterly.api import AskedQuarter, asked_quarter
from services.reporting.quarterly.page import reason_reader
from services.reporting.quarterly.quarters import PATTERN, QUARTER, not_begun, shift

router = APIRouter(prefix="/app", include_in_schema=False)
PATH = "/app/meeting/quarterly"
MORE_ROWS = 2  # rows for areas the ranking did not propose
MOST_ROWS = 50  # as many priorities as the minutes hold
PRIORITY_FIELD = re.compile(r"priorities\.(\d+)\.(\w+).*")
FIELD_LABELS = {"area_id": "quarter_meeting.area", "reason": "quarter_meeting.reason",
                "categories": "quarter_meeting.categories", "causes": "quarter_meeting.causes",
                "problem_id": "meeting.about_problem"}  # fmt: skip


@router.get("/meeting/quarterly")
def quarter_meeting(
    request: Request, person: SignedInDep, sql_store: SqlStoreDep, warehouse: WarehouseDep,
    taxonomy: TaxonomyDep, quarter: AskedQuarter,
) -> Response:  # fmt: skip
    _chair(person)
    meeting = service.quarterly(sql_store, warehouse, person.principal.tenant, quarter)
    rows = _rows(meeting, reason_reader(negotiate(request, header=False)))
    return _page(request, person, sql_store, taxonomy, meeting, rows)


@router.post("/meeting/quarterly")
async def record_quarter(
    request: Request, person: SignedInDep, sql_store: SqlStoreDep, warehouse: WarehouseDep,
    taxonomy: TaxonomyDep, wake: WakeRelayDep,
) -> Response:  # fmt: skip
    form = await request.form()
    check_csrf(person.csrf_token, form.get("csrf"))
    _chair(person)
    tenant, rows, quarter = person.principal.tenant, _sent_rows(form), await _sent_quarter(form)
    try:
        with sql_store.session() as session:
            before = meeting_of(session, tenant, "quarterly", quarter)
        decisions = [d.model_dump() for d in before.decisions] if before else []
        if text := str(form.get("decision") or "").strip():
            decisions.append({"text": text})
        priorities = [{k: v for k, v in row.items() if k != "keep"} for row in rows if row["keep"]]
        minutes = Minutes.model_validate(
            {"decisions": decisions, "priorities": priorities, "present": form.getlist("present")}
        )
        service.record(sql_store, person.principal, "quarterly", quarter, minutes, taxonomy)
    except (ValidationError, ProblemError) as exc:
        language = negotiate(request, header=False)
        errors = form_errors(exc, language, _as_in_the_form(rows, language))
        meeting = service.quarterly(sql_store, warehouse, tenant, quarter)
        return _page(request, person, sql_store, taxonomy, meeting, rows, errors)
    wake()
    return back_to(f"{PATH}?quarter={quarter}")


def _page(request: Request, person: SignedIn, sql_store: Any, taxonomy: Taxonomy, meeting: dict[str, Any],
          rows: list[dict[str, Any]], errors: list[str] | None = None) -> Response:  # fmt: skip
    language = negotiate(request, header=False)
    with sql_store.session() as session:
        names = names_of(session, person.principal.tenant)
    minutes = meeting["minutes"] or {}
    form = {
        "csrf": person.csrf_token, "rows": rows, "errors": errors or [],
        "areas": sorted(names.areas, key=lambda area: names.areas[area]),  # as people read them
        "organisations": list(names.organisations), "present": set(minutes.get("present", [])),
        "categories": [(c.code, c.label(language)) for c in taxonomy if c.group != "intervention"],
        "earlier": shift(meeting["quarter"], -1),
        "later": None if not_begun(later := meeting["for_quarter"], datetime.now(UTC).date()) else later,
    }  # fmt: skip
    bar = top_bar(person, request.url.path, language)
    page = quarterly_minutes_page(sql_store, taxonomy, person.principal.tenant, meeting, language,
                                  frame=bar, form=form)  # fmt: skip
    return Response(page, status_code=422 if errors else 200, media_type="text/html")


async def _sent_quarter(form: FormData) -> str:
    quarter = str(form.get("quarter") or "")
    if not QUARTER.match(quarter):
        raise invalid([FieldError("quarter", "string_pattern_mismatch", "a quarter like 2026-Q1",
                                  {"pattern": PATTERN})])  # fmt: skip
    return await asked_quarter(quarter)


def _rows(meeting: dict[str, Any], reason: Any) -> list[dict[str, Any]]:
    """The form's rows: the priorities decided so far, then each proposed area not among them with the
    ranking's reasons as its reason, then empty rows."""
    decided = (meeting["minutes"] or {}).get("priorities", [])
    rows = [{**p, "keep": True} for p in decided]
    taken = {p["area_id"] for p in decided}
    rows += [_row(p["area"], "; ".join(reason(why) for why in p["reasons"]))
             for p in meeting["proposal"] if p["area"] not in taken]  # fmt: skip
    return rows + [_row("", "") for _ in range(MORE_ROWS)]


def _sent_rows(form: FormData) -> list[dict[str, Any]]:
    """The rows as sent, ticked or not, so a refused form comes back as it was filled in."""
    count = str(form.get("rows") or "")
    return [
        {"keep": bool(form.get(f"keep{n}")), "area_id": str(form.get(f"area{n}") or ""),
         "reason": str(form.get(f"reason{n}") or "").strip(), "categories": form.getlist(f"category{n}"),
         "causes": str(form.get(f"causes{n}") or "").strip() or None,
         "problem_id": form.get(f"problem{n}") or None}
        for n in range(min(int(count), MOST_ROWS + MORE_ROWS) if count.isdigit() else 0)
    ]  # fmt: skip


def _as_in_the_form(rows: list[dict[str, Any]], language: Language) -> Callable[[str], str]:
    """A priority's field as the form names it: ``priorities.0.reason`` of the third row ticked is
    "Område 3, Skäl", since only ticked rows are priorities."""
    ticked = [n for n, row in enumerate(rows) if row["keep"]]

    def named(field: str) -> str:
        found = PRIORITY_FIELD.fullmatch(field)
        if found is None or int(found[1]) >= len(ticked):
            return field
        row = gettext("quarter_meeting.row", language, n=ticked[int(found[1])] + 1)
        label = FIELD_LABELS.get(found[2])
        return f"{row}, {gettext(label, language) if label else found[2]}"

    return named


def _row(area: str, reason: str) -> dict[str, Any]:
    return {"keep": False, "area_id": area, "reason": reason, "categories": [], "causes": None,
            "problem_id": None}  # fmt: skip


def _chair(person: SignedIn) -> None:
    if not person.principal.may("chair"):
        raise ProblemError(403, FORBIDDEN, kind="forbidden")
