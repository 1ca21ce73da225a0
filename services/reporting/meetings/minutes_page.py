"""The weekly meeting as a page: the agenda and the minutes, to read on screen, print, or mail."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from embrace.directory import Directory
from embrace.http.frame import TopBar
from embrace.http.language import negotiate
from embrace.taxonomy import Taxonomy
from services.reporting.pages import ENVIRONMENT, labeller, tenant_name


def minutes_page(
    request: Request,
    directory: Directory,
    taxonomy: Taxonomy,
    tenant: str,
    meeting: dict[str, Any],
    frame: TopBar | None = None,
    **form: Any,
) -> str:
    language = negotiate(request, header=frame is None)
    return ENVIRONMENT.get_template("meeting.html").render(
        m=meeting,
        a=meeting["agenda"],
        lang=language,
        tenant_name=tenant_name(directory, tenant),
        label=labeller(taxonomy, language),
        frame=frame,
        active="meeting",
        **form,
    )
