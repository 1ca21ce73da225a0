"""What the API and the web app do with tasks: list them for whoever asks, and take a partner's update."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from embrace.contracts.loop import Task
from embrace.http.problems import ProblemError
from embrace.http.security import FORBIDDEN
from embrace.i18n import both
from embrace.sqlstore import SqlStore
from embrace.sqlstore.credentials import Principal
from services.reporting.tasks.records import LEDGER, TaskUpdate, tasks_of, updated


def visible(sql_store: SqlStore, principal: Principal, tenant: str) -> list[Task]:
    """A chair (and a regional reader) sees every organisation's tasks; a partner its own."""
    every = principal.may("chair") or principal.may("analyse")
    with sql_store.session() as session:
        return tasks_of(session, tenant, None if every else principal.organisation)


def update(sql_store: SqlStore, principal: Principal, task_id: UUID, what: TaskUpdate) -> Task:
    """A partner updates its own organisation's task; a chair any of the tenant's."""
    with sql_store.session() as session:
        task = LEDGER.get(session, principal.tenant, task_id)
        if task is None:
            raise ProblemError(404, both("error.no_such_task"))
        if task.organisation != principal.organisation and not principal.may("chair"):
            raise ProblemError(403, FORBIDDEN, kind="forbidden")
        return LEDGER.save(session, updated(task, what, datetime.now(UTC)))
