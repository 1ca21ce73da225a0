"""The weekly meeting's agenda, made from the week's report and the loop's records: how last meeting's
tasks went, notable changes and alerts, open problems, tasks due and overdue, partners yet to report."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from embrace.contracts.loop import Task
from embrace.weeks import preceding, shift
from services.reporting.problems.records import LEDGER as PROBLEMS
from services.reporting.tasks.records import overdue, tasks_of
from services.reporting.weekly.partners import reported_weeks
from services.reporting.weekly.report import WeeklyReport

NOTABLE = ("notable", "watch")
RECORD_WEEKS = 8  # the weeks of each partner's reporting the agenda shows, the week looked at the last


def weekly_agenda(session: Session, report: WeeklyReport, meeting: str) -> dict[str, Any]:
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
        "problems": [
            {
                "id": str(p.event_id),
                "title": p.title,
                "step": p.step,
                "responsible_organisation": p.responsible_organisation,
            }
            for p in PROBLEMS.every(session, tenant)
            if not p.retracted
        ],
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
