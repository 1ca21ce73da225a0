"""The weekly meeting as a page that stands alone: the agenda and the minutes, to print or mail."""

from __future__ import annotations

from typing import Any

from embrace.messages import Language
from embrace.naming import labeller
from embrace.sqlstore import SqlStore
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from services.reporting.meetings.records import meeting_of
from services.reporting.meetings.service import weekly
from services.reporting.pages import ENVIRONMENT, render_pdf, tenant_names


def minutes_page(
    sql_store: SqlStore, taxonomy: Taxonomy, tenant: str, meeting: dict[str, Any], language: Language
) -> str:
    names = tenant_names(sql_store, tenant)
    return ENVIRONMENT.get_template("meeting.html").render(
        m=meeting, a=meeting["agenda"], lang=language, tenant_name=names.tenant,
        label=labeller(taxonomy, language, names),
    )  # fmt: skip


def minutes_pdf(sql_store: SqlStore, warehouse: Warehouse, taxonomy: Taxonomy, tenant: str, week: str,
                language: str) -> bytes | None:  # fmt: skip
    """The PDF of the weekly meeting held in ``week``, if it recorded minutes: the tasks it gave are
    those the coming meeting opens with. Mailed only within the tenant's organisations."""
    with sql_store.session() as session:
        if meeting_of(session, tenant, "weekly", week) is None:
            return None
    held = weekly(sql_store, warehouse, tenant, week)
    said: Language = "en" if language == "en" else "sv"
    return render_pdf(minutes_page(sql_store, taxonomy, tenant, held, said))
