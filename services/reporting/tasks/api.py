"""``/v1/tasks``: the tasks the weekly meetings gave; a partner sees and updates its own."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from pydantic import BaseModel

from embrace.contracts.fields import IsoWeek
from embrace.contracts.loop import Task, TaskStatus
from embrace.http.dependencies import SqlStoreDep, TenantQuery
from embrace.http.problems import PROBLEM_RESPONSES
from embrace.http.security import Reader, tenant_for
from services.reporting.tasks import service
from services.reporting.tasks.records import TaskUpdate, overdue


class TaskList(BaseModel):
    tenant: str
    tasks: list[Task]


router = APIRouter(prefix="/v1/tasks", tags=["working loop"], responses=PROBLEM_RESPONSES)


@router.get("", response_model=TaskList)
def list_all(
    principal: Reader,
    sql_store: SqlStoreDep,
    status: TaskStatus | None = None,
    overdue_in: IsoWeek | None = None,
    tenant: TenantQuery = None,
) -> TaskList:
    """The tasks the caller may see: a partner its organisation's, a chair every one. ``overdue_in``: only
    those still to do whose week has passed by that week."""
    chosen = tenant_for(principal, tenant)
    found = service.visible(sql_store, principal, chosen)
    if overdue_in:
        found = overdue(found, overdue_in)
    return TaskList(tenant=chosen, tasks=[t for t in found if status is None or t.status == status])


@router.patch("/{task_id:uuid}", response_model=Task)
def update(task_id: uuid.UUID, what: TaskUpdate, principal: Reader, sql_store: SqlStoreDep) -> Task:
    """Say how a task went: done, not done, or moved to a later week, with a note."""
    return service.update(sql_store, principal, task_id, what)


@router.delete("/{task_id:uuid}", response_model=Task)
def withdraw(task_id: uuid.UUID, principal: Reader, sql_store: SqlStoreDep) -> Task:
    """The chair withdraws a task given by mistake: it leaves every list, agenda and count, and its
    versions are kept. Answers the withdrawn task (``retracted``)."""
    return service.withdraw(sql_store, principal, task_id)
