"""The EMBRACE working loop: a local problem taken through its five steps, the tasks the weekly meeting
gives partners, and what each meeting decided. Places and phenomena, never people: a problem's causes
describe situations (the problem-analysis triangle), not persons."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from embrace.contracts.envelope import Versioned
from embrace.contracts.fields import CategoryCode, Contract, IsoWeek, LongProse, ShortProse, Slug

Step = Literal["mapping", "analysis", "intervention", "follow_up", "feedback"]
STEPS: tuple[Step, ...] = ("mapping", "analysis", "intervention", "follow_up", "feedback")
TaskStatus = Literal["open", "done", "not_done", "moved"]
MeetingKind = Literal["weekly", "quarterly"]
Hour = Annotated[int, Field(ge=0, le=23)]
Weekday = Annotated[int, Field(ge=1, le=7, description="ISO weekday: 1 is Monday.")]


class Scope(Contract):
    """What a problem is about: its areas (none: the whole municipality), categories, and optionally the
    hours and weekdays it happens on."""

    area_ids: list[Slug] = Field(default_factory=list, max_length=50)
    categories: list[CategoryCode] = Field(min_length=1, max_length=50)
    hours: list[Hour] = Field(default_factory=list, max_length=24)
    weekdays: list[Weekday] = Field(default_factory=list, max_length=7)


class Causes(Contract):
    """The analysis step, by the problem-analysis triangle: what about the offenders' situation, the
    place and the targets brings the problem about, and who could act on each (handler, place manager,
    guardian). Free text besides."""

    offender: LongProse | None = None
    place: LongProse | None = None
    target: LongProse | None = None
    handler: LongProse | None = None
    manager: LongProse | None = None
    guardian: LongProse | None = None
    notes: LongProse | None = None


class ProblemFields(Contract):
    title: ShortProse
    description: LongProse | None = None
    scope: Scope
    responsible_organisation: Slug
    step: Step = "mapping"
    causes: Causes = Field(default_factory=Causes)
    intervention_ids: list[UUID] = Field(default_factory=list, max_length=50)


class Feedback(Contract):
    """A note the feedback step publishes to the partners and reporters the problem concerns."""

    text: LongProse
    week: IsoWeek


class Problem(Versioned, ProblemFields):
    """A local problem (lokal problembild) and where it stands in the loop."""

    feedback: list[Feedback] = Field(default_factory=list, max_length=200)
    closed_in: IsoWeek | None = Field(
        None,
        description="The week the partners closed the problem (solved, or no longer worked on as one); "
        "none while it is open.",
    )


class TaskFields(Contract):
    organisation: Slug = Field(description="Who does it: an organisation of the tenant.")
    text: ShortProse
    due_week: IsoWeek
    area_id: Slug | None = None
    problem_id: UUID | None = None
    intervention_id: UUID | None = None


class Task(Versioned, TaskFields):
    """Who does what by when, as a meeting decided it; the organisation reports how it went."""

    meeting: str = Field(description="The meeting that gave it: 2026-W14 or 2026-Q2.")
    status: TaskStatus = "open"
    note: ShortProse | None = None
    moved_to: IsoWeek | None = None


class Decision(Contract):
    text: ShortProse
    problem_id: UUID | None = None


class Priority(Contract):
    """An area the quarterly meeting decided to give priority, why, and the causes it saw, per category."""

    area_id: Slug
    reason: LongProse
    categories: list[CategoryCode] = Field(default_factory=list, max_length=50)
    causes: LongProse | None = None
    problem_id: UUID | None = None


class Meeting(Versioned):
    """What a weekly or quarterly meeting decided: its minutes."""

    kind: MeetingKind
    period: str = Field(description="2026-W14 for a weekly meeting, 2026-Q2 for a quarterly one.")
    decisions: list[Decision] = Field(default_factory=list, max_length=100)
    priorities: list[Priority] = Field(default_factory=list, max_length=50)
    present: list[Slug] = Field(default_factory=list, max_length=100)
    interventions: list[UUID] = Field(default_factory=list, max_length=200, description="Planned by it.")
