"""The weekly meeting's agenda, made from the week's report and the loop's records: how last meeting's
tasks went, notable changes and alerts, the quarter's priority areas, open problems, tasks due and
overdue, partners yet to report."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from embrace.contracts.loop import Task
from embrace.warehouse import Warehouse
from embrace.weeks import monday_of, preceding, shift
from services.reporting.meetings.records import meeting_of
from services.reporting.problems.evidence import judged_weeks
from services.reporting.problems.records import open_problems
from services.reporting.quarterly.quarters import quarter_of
from services.reporting.quarterly.quarters import shift as shift_quarter
from services.reporting.tasks.records import overdue, tasks_of
from services.reporting.weekly.comparison import Compared, Weeks
from services.reporting.weekly.partners import reported_weeks
from services.reporting.weekly.report import WeeklyReport

NOTABLE = ("notable", "watch")
RECORD_WEEKS = 8  # the weeks of each partner's reporting the agenda shows, the week looked at the last


def weekly_agenda(
    session: Session, warehouse: Warehouse, report: WeeklyReport, meeting: str
) -> dict[str, Any]:
    """The agenda of the meeting held in ``meeting`` (an ISO week), looking at the ``report``'s week."""
    tenant, week = report.tenant, report.week
    tasks = tasks_of(session, tenant)
    previous = shift(meeting, -1)  # its tasks open the agenda, and are not listed again under those due
    return {
        "tenant": tenant,
        "meeting": meeting,
        "looks_at": week,
        "last_meeting_tasks": said(t for t in tasks if t.meeting == previous),
        "notable": _notable(report),
        "alerts": report.alerts,
        **_priority_areas(session, report),
        "problems": _open_problems(session, warehouse, report),
        "tasks_due": said(
            t
            for t in tasks
            if t.due_week == meeting and t.status in ("open", "moved") and t.meeting != previous
        ),
        "tasks_overdue": said(overdue(tasks, meeting)),
        **_reporting(session, tenant, week),
    }


def _reporting(session: Session, tenant: str, week: str) -> dict[str, Any]:
    """Who has not reported the week, and each partner's reporting of the weeks up to it: incidents per
    week, 0 for nothing to report, null for no report."""
    weeks = [*preceding(week, RECORD_WEEKS - 1), week]
    record = reported_weeks(session, tenant, weeks)
    return {
        "not_reported": [slug for slug, sent in record.items() if week not in sent],
        "reporting": {
            "weeks": weeks,
            "partners": {slug: [sent.get(w) for w in weeks] for slug, sent in record.items()},
        },
    }


def _priority_areas(session: Session, report: WeeklyReport) -> dict[str, Any]:
    """The areas the quarterly meeting gave priority for the quarter of the week looked at, each with the
    week's incidents against its usual range: the weekly meeting follows them up."""
    quarter = quarter_of(monday_of(report.week) + timedelta(days=3))  # an ISO week's Thursday: its quarter
    try:
        decided = meeting_of(session, report.tenant, "quarterly", shift_quarter(quarter, -1))
    except ValueError:  # before the first quarter there is: no meeting decided it
        decided = None
    rows = {row.key: row for row in report.by.get("area", [])}
    areas = []
    for priority in decided.priorities if decided else []:
        row = rows.get(priority.area_id)
        week = {"last_week": row.last_week, "usual": row.usual, "flag": row.flag} if row else {
            "last_week": 0, "usual": None, "flag": ""}  # fmt: skip
        areas.append({"area_id": priority.area_id, "reason": priority.reason, **week})
    return {"priority_quarter": quarter, "priority_areas": areas}


def _open_problems(session: Session, warehouse: Warehouse, report: WeeklyReport) -> list[dict[str, Any]]:
    """The open problems, each with the week's incidents in its scope against its usual range."""
    problems = open_problems(session, report.tenant)
    seen = report.compared_with
    weeks = Weeks(report.week, seen["four"], seen["twelve"], seen["year_before"])
    judged = judged_weeks(warehouse, problems, weeks)
    return [
        {"id": str(p.event_id), "title": p.title, "step": p.step,
         "responsible_organisation": p.responsible_organisation,
         **_week(judged[str(p.event_id)])}
        for p in problems
    ]  # fmt: skip


def _week(row: Compared) -> dict[str, Any]:
    return {"last_week": row.last_week, "usual": row.usual, "flag": row.flag}


def _notable(report: WeeklyReport) -> list[dict[str, Any]]:
    """The report's flagged rows, the week's total first: a week busier than usual in every category
    a little is flagged only there."""
    total = [{"dimension": "all", **report.totals}] if report.totals.get("flag") in NOTABLE else []
    return total + [{"dimension": dimension, **row.__dict__} for dimension, rows in report.by.items()
                    for row in rows if row.flag in NOTABLE]  # fmt: skip


def said(tasks: Any) -> list[dict[str, Any]]:
    return [_task(t) for t in tasks]


def _task(task: Task) -> dict[str, Any]:
    return {
        "id": str(task.event_id),
        **task.model_dump(
            mode="json",
            exclude={"event_id", "schema_version", "tenant", "occurred", "published", "retracted"},
        ),
    }
