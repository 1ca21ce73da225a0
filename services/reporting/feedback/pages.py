"""The web app's feedback page: what the signed-in person's organisation's reports led to."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from embrace.http.dependencies import SqlStoreDep, WarehouseDep
from embrace.http.language import negotiate
from embrace.http.signin import SignedInDep
from embrace.weeks import last_week
from services.reporting.feedback.service import feedback
from services.reporting.pages import app_page

router = APIRouter(prefix="/app", include_in_schema=False)


@router.get("/feedback")
def page(request: Request, person: SignedInDep, sql_store: SqlStoreDep, warehouse: WarehouseDep) -> Response:
    principal = person.principal
    found = feedback(
        sql_store,
        warehouse,
        principal.tenant,
        principal.organisation,
        last_week(),
        negotiate(request, header=False),
    )
    return app_page(
        request, person, "feedback.html", "feedback", f=found, organisation=person.organisation_name
    )
