"""Tasks as records: the ledger, a meeting's new task, a partner's update, the chair's withdrawal, and the
tenant's lists."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal, Self
from uuid import UUID

from pydantic import model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy.orm import Session

from embrace.contracts.fields import Contract, IsoWeek, ShortProse
from embrace.contracts.loop import Task, TaskFields
from embrace.sqlstore.ledger import Ledger
from embrace.sqlstore.loop_tables import StoredTask
from embrace.topics import TASKS

LEDGER: Ledger[Task] = Ledger(
    StoredTask, TASKS, lambda t: {"organisation": t.organisation, "due_week": t.due_week, "status": t.status}
)
STILL_TO_DO = ("open", "moved")


class TaskUpdate(Contract):
    """How it went: done, not done, or moved to a later week; a note for the meeting."""

    status: Literal["done", "not_done", "moved"]
    note: ShortProse | None = None
    moved_to: IsoWeek | None = None

    @model_validator(mode="after")
    def _moved_somewhere(self) -> Self:
        if (self.status == "moved") != (self.moved_to is not None):
            raise PydanticCustomError("moved_to", "give moved_to when, and only when, the task is moved")
        return self


def new_task(fields: TaskFields, tenant: str, meeting: str, now: datetime) -> Task:
    return Task(
        event_id=uuid.uuid4(),
        tenant=tenant,
        meeting=meeting,
        occurred=now,
        published=now,
        **fields.model_dump(),
    )


def updated(task: Task, update: TaskUpdate, now: datetime) -> Task:
    due = update.moved_to or task.due_week
    return task.model_copy(update={**update.model_dump(), "due_week": due, "occurred": now})


def withdrawn(task: Task, now: datetime) -> Task:
    """A task given by mistake: gone from every list, agenda and count; its versions are kept."""
    return task.model_copy(update={"retracted": True, "occurred": now})


def tasks_of(session: Session, tenant: str, organisation: str | None = None) -> list[Task]:
    """The tenant's tasks (one organisation's), but those withdrawn, by due week."""
    where = [StoredTask.organisation == organisation] if organisation else []
    given = [t for t in LEDGER.every(session, tenant, *where) if not t.retracted]
    return sorted(given, key=lambda t: (t.due_week, t.organisation, t.text))


def tasks_of_problem(session: Session, tenant: str, problem_id: UUID) -> list[Task]:
    return [t for t in tasks_of(session, tenant) if t.problem_id == problem_id]


def overdue(tasks: list[Task], week: str) -> list[Task]:
    """Tasks still to do whose week has passed before ``week``."""
    return [t for t in tasks if t.status in STILL_TO_DO and t.due_week < week]
