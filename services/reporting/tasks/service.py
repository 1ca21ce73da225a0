"""What the API and the web app do with tasks: list them for whoever asks, take a partner's update, and
withdraw one the chair gave by mistake."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.orm import Session

from embrace.contracts.loop import Task
from embrace.http.problems import ProblemError
from embrace.http.security import FORBIDDEN
from embrace.i18n import both
from embrace.sqlstore import SqlStore
from embrace.sqlstore.credentials import Principal
from services.reporting.tasks.records import LEDGER, TaskUpdate, tasks_of, updated, withdrawn


def visible(sql_store: SqlStore, principal: Principal, tenant: str) -> list[Task]:
    """A chair (and a regional reader) sees every organisation's tasks; a partner its own."""
    every = principal.may("chair") or principal.may("analyse")
    with sql_store.session() as session:
        return tasks_of(session, tenant, None if every else principal.organisation)


def update(sql_store: SqlStore, principal: Principal, task_id: UUID, what: TaskUpdate) -> Task:
    """A partner updates its own organisation's task; a chair any of the tenant's."""
    with sql_store.session() as session:
        task = _given(session, principal, task_id)
        if task.organisation != principal.organisation and not principal.may("chair"):
            raise ProblemError(403, FORBIDDEN, kind="forbidden")
        return LEDGER.save(session, updated(task, what, datetime.now(UTC)))


def withdraw(sql_store: SqlStore, principal: Principal, task_id: UUID) -> Task:
    """The chair takes back a task given by mistake (a wrong organisation, a slip in the text)."""
    if not principal.may("chair"):
        raise ProblemError(403, FORBIDDEN, kind="forbidden")
    with sql_store.session() as session:
        return LEDGER.save(session, withdrawn(_given(session, principal, task_id), datetime.now(UTC)))


def _given(session: Session, principal: Principal, task_id: UUID) -> Task:
    task = LEDGER.get(session, principal.tenant, task_id)
    if task is None or task.retracted:
        raise ProblemError(404, both("error.no_such_task"))
    return task
