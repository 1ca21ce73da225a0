"""The web app's Utskick (mail): what the signed-in person is mailed, and a button that starts or stops
each kind they may have: the weekly situation report and spike alerts of their municipality, the
quarterly analysis for those who analyse, and their organisation's feedback, new tasks and reminder to
report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from embrace.http.problems import FieldError, invalid
from embrace.http.signin import SignedInDep, check_csrf
from embrace.roles import Action
from embrace.sqlstore.accounts import SignedIn
from embrace.sqlstore.subscriptions import KINDS, ORGANISATIONS_OWN, subscribe, subscribed, unsubscribe
from services.ingest.context import IngestDep
from services.ingest.web.rendering import page_language, render

router = APIRouter(prefix="/app", include_in_schema=False)
MAY: dict[str, Action] = {"quarterly": "analyse", "reminder": "report"}  # a role must be allowed it
# The pages that start and stop mail, to go back to.
BACK = {"mail": "/app/mail", "reports": "/app/reports#reminder", "tasks": "/app/tasks#mail"}


def offered(signed: SignedIn) -> list[str]:
    """The kinds of mail this person may have."""
    return [kind for kind in KINDS if signed.principal.may(MAY.get(kind, "read"))]


@router.get("/mail")
def mail_page(request: Request, signed: SignedInDep, ingest: IngestDep) -> Response:
    with ingest.sql_store.session() as session:
        mailed = {
            kind: subscribed(session, signed.principal.tenant, signed.email, kind) for kind in offered(signed)
        }
    return render(request, "mail.html", signed=signed, mailed=mailed)


@router.post("/mail")
def change_mail(
    request: Request, signed: SignedInDep, ingest: IngestDep, kind: Annotated[str, Form(max_length=20)],
    on: Annotated[bool, Form()], csrf: Annotated[str, Form(max_length=100)],
    back: Annotated[str, Form(max_length=20)] = "mail",
) -> RedirectResponse:  # fmt: skip
    """Start or stop one kind of mail to the signed-in person, in the page's language."""
    check_csrf(signed.csrf_token, csrf)
    if kind not in offered(signed):
        raise invalid([FieldError("kind", "literal_error", "not a kind of mail you may have",
                                  {"expected": ", ".join(offered(signed))})])  # fmt: skip
    principal = signed.principal
    with ingest.sql_store.session() as session:
        if on:
            organisation = principal.organisation if kind in ORGANISATIONS_OWN else None
            subscribe(session, principal.tenant, signed.email, kind, organisation=organisation,
                      language=page_language(request))  # fmt: skip
        else:
            unsubscribe(session, principal.tenant, signed.email, kind)
    return RedirectResponse(BACK.get(back, BACK["mail"]), status_code=303)
