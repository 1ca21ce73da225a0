"""The weekly meeting as a page that stands alone: the agenda and the minutes, to print or mail."""

from __future__ import annotations

from typing import Any

from embrace.directory import Directory
from embrace.messages import Language
from embrace.taxonomy import Taxonomy
from services.reporting.pages import ENVIRONMENT, labeller, tenant_name


def minutes_page(
    directory: Directory, taxonomy: Taxonomy, tenant: str, meeting: dict[str, Any], language: Language
) -> str:
    return ENVIRONMENT.get_template("meeting.html").render(
        m=meeting, a=meeting["agenda"], lang=language, tenant_name=tenant_name(directory, tenant),
        label=labeller(taxonomy, language),
    )  # fmt: skip
