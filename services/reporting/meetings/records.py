"""Minutes as records: one per tenant, kind and period, each change a new version."""

from __future__ import annotations

import uuid
from datetime import datetime
from uuid import UUID

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.contracts.fields import Contract, Slug
from embrace.contracts.loop import Decision, Meeting, MeetingKind, Priority, TaskFields
from embrace.sqlstore.ledger import Ledger
from embrace.sqlstore.loop_tables import StoredMeeting
from embrace.topics import MEETINGS
from services.reporting.meetings.planned import PlannedIntervention

LEDGER: Ledger[Meeting] = Ledger(StoredMeeting, MEETINGS, lambda m: {"kind": m.kind, "period": m.period})


class Minutes(Contract):
    """What the chair records: the decisions, the tasks given (added to those given before), who was there;
    for a quarterly meeting, the priority areas decided and the interventions planned for the quarter
    (registered, and added to those registered before)."""

    decisions: list[Decision] = Field(default_factory=list, max_length=100)
    tasks: list[TaskFields] = Field(default_factory=list, max_length=100)
    priorities: list[Priority] = Field(default_factory=list, max_length=50)
    present: list[Slug] = Field(default_factory=list, max_length=100)
    interventions: list[PlannedIntervention] = Field(default_factory=list, max_length=20)


def meeting_of(session: Session, tenant: str, kind: MeetingKind, period: str) -> Meeting | None:
    query = select(StoredMeeting).where(
        StoredMeeting.tenant == tenant, StoredMeeting.kind == kind, StoredMeeting.period == period
    )
    row = session.scalars(query).first()
    return Meeting.model_validate(row.payload) if row else None


def recorded(before: Meeting | None, tenant: str, kind: MeetingKind, period: str, minutes: Minutes,
             now: datetime, planned: list[UUID]) -> Meeting:  # fmt: skip
    """The meeting with these minutes: its decisions, priorities and presence as now recorded, and the
    interventions it has planned, those planned before included."""
    identity = before.event_id if before else uuid.uuid4()
    earlier = before.interventions if before else []
    return Meeting(event_id=identity, tenant=tenant, kind=kind, period=period, occurred=now, published=now,
                   decisions=minutes.decisions, priorities=minutes.priorities, present=minutes.present,
                   interventions=[*earlier, *planned])  # fmt: skip
