"""The working loop's tables: problems and tasks with every version, meetings with their latest."""

from __future__ import annotations

from operator import attrgetter

from embrace.contracts import Meeting, Problem, Task
from services.aggregate.sinks import TableSpec, same, text

PROBLEMS: TableSpec[Problem] = TableSpec("problems", {
    "tenant": attrgetter("tenant"),
    "problem_id": attrgetter("event_id"),
    **same("version", "retracted", "title", "step"),
    "closed_in": text("closed_in"),
    "responsible_organisation": attrgetter("responsible_organisation"),
    "area_ids": lambda p: list(p.scope.area_ids),
    "categories": lambda p: list(p.scope.categories),
    "intervention_ids": lambda p: list(p.intervention_ids),
    **same("occurred", "published"),
})  # fmt: skip

TASKS: TableSpec[Task] = TableSpec("tasks", {
    "tenant": attrgetter("tenant"),
    "task_id": attrgetter("event_id"),
    **same("version", "retracted", "meeting", "organisation", "text", "due_week", "status"),
    "area_id": text("area_id"),
    **same("problem_id", "intervention_id"),
    "note": text("note"),
    **same("occurred", "published"),
})  # fmt: skip

MEETINGS: TableSpec[Meeting] = TableSpec("meetings", {
    **same("tenant", "kind", "period", "version"),
    "decisions": lambda m: [d.text for d in m.decisions],
    "priority_areas": lambda m: [p.area_id for p in m.priorities],
    "present": lambda m: list(m.present),
    **same("occurred", "published"),
})  # fmt: skip
