"""An organisation's feedback: how much it reported, the problems touching the places and kinds of
incident it reports, what the meetings decided on them, the interventions linked and their effects, and
the tasks the meetings gave it that are still to do."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.contracts.loop import Meeting, Problem
from embrace.messages import Language
from embrace.sqlstore import SqlStore
from embrace.sqlstore.loop_tables import StoredMeeting
from embrace.warehouse import Warehouse
from embrace.weeks import preceding, shift, today
from services.reporting.problems.evidence import follow_up
from services.reporting.problems.records import LEDGER as PROBLEMS
from services.reporting.tasks.records import STILL_TO_DO, tasks_of
from services.reporting.weekly.partners import reported_weeks, weeks_with_nothing

WEEKS = 12
REPORTED = """
SELECT iso_week, count(), groupUniqArray(category), groupUniqArrayArray(area_ids) FROM {db}.current_incidents
WHERE tenant = {tenant:String} AND organisation = {organisation:String} AND iso_week IN {weeks:Array(String)}
GROUP BY iso_week ORDER BY iso_week
"""


def feedback(
    sql_store: SqlStore, warehouse: Warehouse, tenant: str, organisation: str, week: str, language: Language
) -> dict[str, Any]:
    weeks = [*preceding(week, WEEKS - 1), week]
    rows = warehouse.query(REPORTED, {"tenant": tenant, "organisation": organisation, "weeks": weeks})
    per_week = {w: int(n) for w, n, _, _ in rows}
    categories = {c for *_, cs, _ in rows for c in cs}
    areas = {a for *_, ars in rows for a in ars}
    with sql_store.session() as session:
        problems = [
            p
            for p in PROBLEMS.every(session, tenant)
            if _touches(p, organisation, categories, areas) and (p.closed_in or week) >= weeks[0]
        ]  # those closed before the weeks shown are done with
        decisions = _decisions(session, tenant, {p.event_id for p in problems})
        sent = reported_weeks(session, tenant, weeks).get(organisation, {})
        to_do = _still_to_do(session, tenant, organisation, shift(week, 1))
    day = today()
    return {
        "tenant": tenant,
        "organisation": organisation,
        "weeks": [weeks[0], week],
        "reported": {
            "incidents": sum(per_week.values()),
            "weeks": len(sent),  # of the 12 it reported, saying it had nothing to report in ``nothing``
            "nothing": weeks_with_nothing(sent),
            "per_week": [{"week": w, "incidents": per_week.get(w, 0), "reported": w in sent} for w in weeks],
        },
        "problems": [_problem(p, decisions, follow_up(warehouse, p, day, language)) for p in problems],
        "tasks": to_do,
    }


def _problem(
    problem: Problem, decisions: dict[str, list[dict[str, str]]], interventions: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "id": str(problem.event_id),
        "title": problem.title,
        "step": problem.step,
        "closed_in": problem.closed_in,
        "feedback": [f.model_dump(mode="json") for f in problem.feedback],
        "decisions": decisions.get(str(problem.event_id), []),
        "interventions": interventions,
    }


def _still_to_do(session: Session, tenant: str, organisation: str, read_in: str) -> list[dict[str, Any]]:
    """The organisation's tasks still to do in the week the feedback is read, those whose week has passed
    marked ``late``."""
    return [
        {"id": str(t.event_id), "text": t.text, "due_week": t.due_week, "meeting": t.meeting,
         "late": t.due_week < read_in}
        for t in tasks_of(session, tenant, organisation) if t.status in STILL_TO_DO
    ]  # fmt: skip


def _touches(problem: Problem, organisation: str, categories: set[str], areas: set[str]) -> bool:
    """Whether the problem is about what the organisation reports, or is its own to carry."""
    if problem.retracted:
        return False
    scope = problem.scope
    in_areas = not scope.area_ids or bool(areas & set(scope.area_ids))
    return problem.responsible_organisation == organisation or (
        bool(categories & set(scope.categories)) and in_areas
    )


def _decisions(session: Session, tenant: str, problems: set[Any]) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for row in session.scalars(select(StoredMeeting).where(StoredMeeting.tenant == tenant)):
        meeting = Meeting.model_validate(row.payload)
        for decision in meeting.decisions:
            if decision.problem_id in problems:
                found.setdefault(str(decision.problem_id), []).append(
                    {"meeting": meeting.period, "text": decision.text}
                )
    return found
