"""The meetings as pages: the weekly meeting's agenda and minutes to print or mail, and the quarterly
meeting's proposal and decided priorities, standing alone or in the web app with the chair's form."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from embrace import i18n
from embrace.http.frame import TopBar
from embrace.messages import Language
from embrace.naming import labeller
from embrace.sqlstore import SqlStore
from embrace.sqlstore.loop_tables import StoredMeeting
from embrace.sqlstore.registry import names_of
from embrace.sqlstore.tables import StoredIntervention
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from embrace.weeks import monday_of
from services.reporting.meetings.records import meeting_of
from services.reporting.meetings.service import quarterly, weekly
from services.reporting.pages import ENVIRONMENT, render_pdf, tenant_names
from services.reporting.problems.records import LEDGER as PROBLEMS
from services.reporting.quarterly.page import reason_reader


def minutes_page(
    sql_store: SqlStore, taxonomy: Taxonomy, tenant: str, meeting: dict[str, Any], language: Language
) -> str:
    names = tenant_names(sql_store, tenant)
    return ENVIRONMENT.get_template("meeting.html").render(
        m=meeting, a=meeting["agenda"], lang=language, tenant_name=names.tenant,
        label=labeller(taxonomy, language, names),
    )  # fmt: skip


def minutes_pdfs(sql_store: SqlStore, warehouse: Warehouse, taxonomy: Taxonomy, tenant: str, week: str,
                 language: str, zone: ZoneInfo) -> dict[str, bytes]:  # fmt: skip
    """The minutes that go with ``week``'s report, as PDFs by file name: the weekly meeting held in the
    week, if it recorded minutes (the tasks it gave are those the coming meeting opens with), and each
    quarterly meeting whose minutes were last recorded in the week (the priority areas it decided).
    Mailed only within the tenant's organisations."""
    said = i18n.spoken(language)
    start = datetime.combine(monday_of(week), time(), zone)
    with sql_store.session() as session:
        held = meeting_of(session, tenant, "weekly", week) is not None
        quarters = session.scalars(select(StoredMeeting.period).where(
            StoredMeeting.tenant == tenant, StoredMeeting.kind == "quarterly",
            StoredMeeting.updated_at >= start, StoredMeeting.updated_at < start + timedelta(days=7),
        )).all()  # fmt: skip
    pdfs = {}
    if held:
        page = minutes_page(sql_store, taxonomy, tenant, weekly(sql_store, warehouse, tenant, week), said)
        pdfs[f"embrace-meeting-{week}.pdf"] = render_pdf(page)
    for quarter in quarters:
        meeting = quarterly(sql_store, warehouse, tenant, quarter)
        page = quarterly_minutes_page(sql_store, taxonomy, tenant, meeting, said)
        pdfs[f"embrace-meeting-{quarter}.pdf"] = render_pdf(page)
    return pdfs


def quarterly_minutes_page(sql_store: SqlStore, taxonomy: Taxonomy, tenant: str, meeting: dict[str, Any],
                           language: Language, *, frame: TopBar | None = None,
                           form: dict[str, Any] | None = None) -> str:  # fmt: skip
    """The quarterly meeting: what the meeting before decided and what came of it, the proposal, and the
    priorities decided; with ``form`` (the chair's, in the web app's ``frame``), the form that records
    them."""
    with sql_store.session() as session:
        names = names_of(session, tenant)
        problems = {str(p.event_id): p.title for p in PROBLEMS.every(session, tenant)}
        planned = (meeting["minutes"] or {}).get("interventions", [])
        rows = session.scalars(select(StoredIntervention).where(StoredIntervention.id.in_(planned)))
        interventions = {row.id: row.payload["title"] for row in rows}
    return ENVIRONMENT.get_template("quarter_meeting.html").render(
        q=meeting, lang=language, tenant_name=names.tenant, frame=frame, active="quarter_meeting",
        label=labeller(taxonomy, language, names), reason=reason_reader(language), problems=problems,
        interventions=[interventions.get(i, i) for i in planned], form=form,
    )  # fmt: skip
