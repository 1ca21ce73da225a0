"""Tables of the reports: each run archived once per tenant, kind and period; who subscribes to what; and
which run went to which subscriber, so a report is never mailed twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Select, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from embrace.sqlstore.tables import Base, UtcDateTime, _now


class ReportRun(Base):
    """A period's report as last issued; the versions it replaced are kept in ``report_run_versions``."""

    __tablename__ = "report_runs"
    __table_args__ = (UniqueConstraint("tenant", "kind", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tenant: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(20))  # weekly, quarterly
    period: Mapped[str] = mapped_column(String(10))  # 2026-W10, 2026-Q1
    body: Mapped[dict[str, Any]] = mapped_column(JSON)  # the report's JSON; pages are rendered from it
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)
    # Re-issued when late reports change it: the version now shown, and when it was made.
    version: Mapped[int | None] = mapped_column(nullable=True, default=1)
    issued_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, default=_now)


class ReportRunVersion(Base):
    """A version of a run that a later one replaced."""

    __tablename__ = "report_run_versions"
    run_id: Mapped[int] = mapped_column(ForeignKey("report_runs.id"), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Subscription(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("tenant", "email", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tenant: Mapped[str] = mapped_column(String(4))
    email: Mapped[str] = mapped_column(String(320))
    kind: Mapped[str] = mapped_column(String(20))  # embrace.sqlstore.subscriptions.KINDS
    organisation: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Beyond the tenant's own organisations: small counts are protected in what they receive.
    external: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(2), default="sv")
    token: Mapped[str] = mapped_column(String(64), unique=True)  # the unsubscribe link's
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)
    # When it began, or began again after an unsubscribe: what happened before is not mailed.
    since: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, default=_now)
    # Alert subscriptions: how far the alert changes have been read, so each run reads only what is new.
    alerts_read_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    @property
    def began(self) -> datetime:
        """What is mailed happened from here on (``created_at`` for a subscription from before ``since``)."""
        return self.since or self.created_at


class ReportDelivery(Base):
    __tablename__ = "report_deliveries"
    run_id: Mapped[int] = mapped_column(ForeignKey("report_runs.id"), primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class AlertDelivery(Base):
    """Which version of which alert went to which subscriber: an alert's change is mailed once."""

    __tablename__ = "alert_deliveries"
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), primary_key=True)
    alert_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class TaskNotice(Base):
    """Which task was mailed to which subscriber of the task mail: a task is mailed once."""

    __tablename__ = "task_notices"
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), primary_key=True)
    task_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


def run_of(tenant: str, kind: str, period: str) -> Select[ReportRun]:
    """The query of one period's run."""
    same = (ReportRun.tenant == tenant, ReportRun.kind == kind, ReportRun.period == period)
    return select(ReportRun).where(*same)
