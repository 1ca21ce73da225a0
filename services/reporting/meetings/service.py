"""What the API and the web app do with meetings: the weekly agenda and minutes, the tasks a meeting
gives, and the quarterly meeting's decided priorities beside the computed proposal."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from embrace.contracts.loop import Meeting, MeetingKind, Problem
from embrace.http.problems import ProblemError, invalid
from embrace.i18n import both
from embrace.sqlstore import SqlStore
from embrace.sqlstore.credentials import Principal
from embrace.sqlstore.report_tables import run_of
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from embrace.weeks import monday_of, shift, today
from services.reporting.meetings.agenda import said, weekly_agenda
from services.reporting.meetings.checks import unknown
from services.reporting.meetings.planned import register
from services.reporting.meetings.records import LEDGER, Minutes, meeting_of, recorded
from services.reporting.problems.records import LEDGER as PROBLEMS
from services.reporting.quarterly.quarters import days
from services.reporting.quarterly.quarters import shift as shift_quarter
from services.reporting.quarterly.report import quarterly_report
from services.reporting.tasks.records import LEDGER as TASKS
from services.reporting.tasks.records import new_task, tasks_of
from services.reporting.weekly.report import WeeklyReport, weekly_report


def the_report(session: Session, warehouse: Warehouse, tenant: str, week: str) -> WeeklyReport:
    """The week's report as issued (its latest version), or made now if none was."""
    run = session.scalars(run_of(tenant, "weekly", week)).first()
    return WeeklyReport.from_json(run.body) if run else weekly_report(warehouse, tenant, week)


def weekly(sql_store: SqlStore, warehouse: Warehouse, tenant: str, meeting: str) -> dict[str, Any]:
    """The weekly meeting held in ``meeting``: its agenda, and what it recorded so far."""
    with sql_store.session() as session:
        report = the_report(session, warehouse, tenant, shift(meeting, -1))
        agenda = weekly_agenda(session, warehouse, report, meeting)
        minutes = meeting_of(session, tenant, "weekly", meeting)
        given = [t for t in tasks_of(session, tenant) if t.meeting == meeting]
    return {"agenda": agenda, "minutes": _minutes(minutes), "tasks_given": said(given)}


def decisions_adding(sql_store: SqlStore, tenant: str, kind: MeetingKind, period: str, text: str,
                     problem_id: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """The meeting's decisions as recorded so far, and ``text`` after them if anything is written: its
    form adds one decision at a time, while the minutes state them all."""
    with sql_store.session() as session:
        before = meeting_of(session, tenant, kind, period)
    decisions = [d.model_dump() for d in before.decisions] if before else []
    if text.strip():
        decisions.append({"text": text.strip(), "problem_id": problem_id})
    return decisions


def strike_decision(sql_store: SqlStore, tenant: str, kind: MeetingKind, period: str, number: int) -> Meeting:
    """The meeting without its decision ``number`` (from 0): one recorded by mistake, or twice. The
    version before keeps it."""
    with sql_store.session() as session:
        before = meeting_of(session, tenant, kind, period)
        if before is None or not 0 <= number < len(before.decisions):
            raise ProblemError(404, both("error.no_such_decision"))
        kept = [d for n, d in enumerate(before.decisions) if n != number]
        return LEDGER.save(
            session, before.model_copy(update={"decisions": kept, "occurred": datetime.now(UTC)})
        )


def record(sql_store: SqlStore, principal: Principal, kind: MeetingKind, period: str, minutes: Minutes,
           taxonomy: Taxonomy) -> Meeting:  # fmt: skip
    """Record the minutes (a new version of the meeting), give its new tasks and register the
    interventions it planned, in one transaction."""
    now, tenant = datetime.now(UTC), principal.tenant
    with sql_store.session() as session:
        if errors := unknown(session, tenant, minutes, taxonomy):
            raise invalid(errors)
        planned = register(session, principal, taxonomy, minutes.interventions, now)
        before = meeting_of(session, tenant, kind, period)
        meeting = LEDGER.save(session, recorded(before, tenant, kind, period, minutes, now, planned))
        for fields in minutes.tasks:
            TASKS.save(session, new_task(fields, tenant, period, now), now)
    return meeting


def quarterly(sql_store: SqlStore, warehouse: Warehouse, tenant: str, quarter: str) -> dict[str, Any]:
    """The computed ranking as a proposal, the priorities the meeting decided for the quarter after
    (``for_quarter``) and the tasks it gave, what the meeting before decided and what came of it, and the
    local problems worked on."""
    analysis = quarterly_report(warehouse, tenant, quarter, today())
    with sql_store.session() as session:
        decided = meeting_of(session, tenant, "quarterly", quarter)
        earlier = meeting_of(session, tenant, "quarterly", shift_quarter(quarter, -1))
        given = [t for t in tasks_of(session, tenant) if t.meeting == quarter]
        problems = _worked_on(PROBLEMS.every(session, tenant), days(quarter)[0])
    return {
        "quarter": quarter,
        "for_quarter": shift_quarter(quarter, 1),
        "proposal": analysis["priorities"],
        "minutes": _minutes(decided),
        "last_quarter": _minutes(earlier),
        "came_of_it": analysis.get("decided_before", []),
        "tasks_given": said(given),
        "problems": problems,
    }


def _worked_on(problems: list[Problem], since: date) -> list[dict[str, Any]]:
    """The problems the quarter's partners worked on: those still open, and those closed since ``since``
    (the quarter's first day), open ones first."""
    shown = [
        p for p in problems if not p.retracted and (p.closed_in is None or monday_of(p.closed_in) >= since)
    ]
    return [
        {"id": str(p.event_id), "title": p.title, "step": p.step, "closed_in": p.closed_in,
         "responsible_organisation": p.responsible_organisation}
        for p in sorted(shown, key=lambda p: (p.closed_in is not None, p.title))
    ]  # fmt: skip


def _minutes(meeting: Meeting | None) -> dict[str, Any] | None:
    if meeting is None:
        return None
    shown = {"kind", "period", "version", "decisions", "priorities", "present", "interventions", "occurred"}
    return meeting.model_dump(mode="json", include=shown)
