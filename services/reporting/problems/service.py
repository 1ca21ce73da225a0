"""What the API and the web app's pages do with problems, in one place: make, change, read with evidence."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from embrace.contracts.loop import Problem, ProblemFields
from embrace.http.problems import ProblemError, invalid
from embrace.i18n import both
from embrace.messages import Language
from embrace.sqlstore import SqlStore
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from embrace.weeks import last_week, today
from services.reporting.problems import evidence
from services.reporting.problems.records import LEDGER, ProblemChange, changed, check, new_problem
from services.reporting.tasks.records import tasks_of_problem


def create(sql_store: SqlStore, taxonomy: Taxonomy, tenant: str, fields: ProblemFields) -> Problem:
    problem = new_problem(fields, tenant, datetime.now(UTC))
    with sql_store.session() as session:
        if errors := check(session, taxonomy, problem):
            raise invalid(errors)
        return LEDGER.save(session, problem)


def change(
    sql_store: SqlStore, taxonomy: Taxonomy, tenant: str, problem_id: UUID, what: ProblemChange
) -> Problem:
    with sql_store.session() as session:
        problem = LEDGER.get(session, tenant, problem_id)
        if problem is None:
            raise ProblemError(404, both("error.no_such_problem"))
        now = datetime.now(UTC)
        after = changed(problem, what, last_week(now), now)
        if errors := check(session, taxonomy, after):
            raise invalid(errors)
        return LEDGER.save(session, after, now)


def read(sql_store: SqlStore, tenant: str, problem_id: UUID) -> Problem:
    with sql_store.session() as session:
        problem = LEDGER.get(session, tenant, problem_id)
    if problem is None:
        raise ProblemError(404, both("error.no_such_problem"))
    return problem


def with_evidence(
    sql_store: SqlStore, warehouse: Warehouse, problem: Problem, week: str, language: Language
) -> dict[str, Any]:
    """The problem and each step's evidence: mapping, analysis, intervention, follow-up, feedback."""
    day = today()
    with sql_store.session() as session:
        tasks = tasks_of_problem(session, problem.tenant, problem.event_id)
    return {
        "id": str(problem.event_id),
        "version": problem.version,
        "problem": problem.model_dump(mode="json"),
        "mapping": {
            "first_week": evidence.weeks_mapped(week)[0],
            "last_week": week,
            **evidence.mapping(warehouse, problem, week),
        },
        "analysis": problem.causes.model_dump(mode="json"),
        "intervention": [str(i) for i in problem.intervention_ids],
        "follow_up": evidence.follow_up(warehouse, problem, day, language),
        "feedback": [f.model_dump(mode="json") for f in problem.feedback],
        "tasks": [t.model_dump(mode="json") for t in tasks],
    }
