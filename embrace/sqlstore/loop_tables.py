"""Tables of the working loop: problems, tasks and meetings, each its latest version as the contract's
JSON; the outbox carries every version to the bus."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from embrace.sqlstore.tables import Base, UtcDateTime, _now


class StoredProblem(Base):
    __tablename__ = "problems"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(4), index=True)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class StoredTask(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_tenant_org", "tenant", "organisation"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(4))
    organisation: Mapped[str] = mapped_column(String(64))
    due_week: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class StoredMeeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("tenant", "kind", "period"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
