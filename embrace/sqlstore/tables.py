"""Tables of the operational SQL store (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import DateTime, TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware in, timezone-aware out, stored as UTC on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, _dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Tenant(Base):
    __tablename__ = "tenants"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("tenant", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    tenant: Mapped[str] = mapped_column(ForeignKey("tenants.code"))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16), default="reporter")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class User(Base):
    """A person who logs in to the web app. Passwords are kept only as argon2id hashes."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class WebSession(Base):
    """A logged-in browser. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "web_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Draft(Base):
    """The incidents a person has added to this week's report but not yet submitted."""

    __tablename__ = "drafts"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    incidents: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class IdempotentRequest(Base):
    """The first answer to a request carrying an Idempotency-Key, returned again to any repeat."""

    __tablename__ = "idempotent_requests"
    __table_args__ = (UniqueConstraint("caller", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    caller: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int]
    body: Mapped[bytes] = mapped_column(LargeBinary)
    location: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class StoredReport(Base):
    """The accepted report as submitted (latest version); the outbox carries each version to the bus."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_org_week", "organisation_id", "reporting_week"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(ForeignKey("tenants.code"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    version: Mapped[int] = mapped_column(default=1)
    retracted: Mapped[bool] = mapped_column(default=False)
    reporting_week: Mapped[str] = mapped_column(String(8))
    incident_count: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class StoredIntervention(Base):
    __tablename__ = "interventions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(ForeignKey("tenants.code"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class ImportRecord(Base):
    """The last version seen of each thing an import brought in, so a re-import changes nothing and a
    changed thing becomes a new version of the same event."""

    __tablename__ = "import_records"
    source: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int]
    content_sha256: Mapped[str] = mapped_column(String(64))
    observed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    event_id: Mapped[str] = mapped_column(String(36))


class OutboxMessage(Base):
    """A record committed together with the change it announces, published later by the relay, which
    removes it once the bus holds it (``embrace.sqlstore.outbox.remove_sent``)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_unsent", "sent_at", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(249))
    key: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)
    # Set only by releases that kept what they had published; the upgrade step "forget-published" removes
    # those rows. The index's first column, so that it stays as every store has it.
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # Set when the bus refused the record for good (too large, invalid): it then waits no more.
    refused_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(1000), nullable=True)
