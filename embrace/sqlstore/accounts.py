"""People: accounts with argon2id password hashes, and server-side sessions of the web app."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from embrace.errors import OperatorError
from embrace.roles import ROLES
from embrace.sqlstore.credentials import Principal, principal_of
from embrace.sqlstore.registry import Problems, name_problems, refuse
from embrace.sqlstore.tables import Organisation, User, WebSession

SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters

SESSION_COOKIE = "embrace_session"  # the web app's session, read wherever pages under /app are served


@cache
def _dummy_hash() -> str:
    """Verified against when no account matches, so unknown e-mails take as long to refuse as known ones.

    Made on first use: hashing costs tens of milliseconds, which every `embrace` command would pay."""
    return _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class SignedIn:
    principal: Principal
    user_id: int
    name: str
    email: str
    organisation_name: str
    csrf_token: str


def add_user(
    session: Session, organisation: Organisation, email: str, name: str, role: str, password: str
) -> User:
    email = email.strip().lower()
    refuse(person_problems(session, email, name, role))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OperatorError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    user = User(
        organisation_id=organisation.id,
        email=email,
        name=" ".join(name.split()),
        role=role,
        password_hash=_hasher.hash(password),
    )
    session.add(user)
    session.flush()
    return user


def person_problems(
    session: Session, email: str, name: str, role: str, roles: Sequence[str] = ROLES
) -> Problems:
    """What is wrong with a new person, by field (``email``, ``name``, ``role``), given the roles the one
    adding them may give."""
    problems: Problems = {}
    email = email.strip().lower()
    if not _EMAIL.match(email):
        problems["email"] = ("email_form", {"email": email})
    elif session.scalars(select(User).where(User.email == email)).first() is not None:
        problems["email"] = ("email_taken", {"email": email})
    if role not in roles:
        problems["role"] = ("role_unknown", {"role": role, "roles": ", ".join(roles)})
    return {**problems, **name_problems(name)}


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OperatorError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    user.password_hash = _hasher.hash(password)


def replace_password(session: Session, user: User, password: str) -> None:
    """A new password for someone who has lost theirs, given by an administrator: their sessions end, so
    whoever may have learnt the old one is signed out too."""
    set_password(user, password)
    end_sessions(session, user.id)


def person(session: Session, email: str) -> User:
    found = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if found is None:
        raise OperatorError(f"nobody has the e-mail address {email}")
    return found


def let_in(session: Session, user: User, allowed: bool) -> None:
    """Open or close a person's access. Closing it ends their sessions: their next page asks them to
    sign in, which they cannot until it is opened again."""
    user.disabled_at = None if allowed else datetime.now(UTC)
    if not allowed:
        end_sessions(session, user.id)


def check_password(session: Session, email: str, password: str) -> User | None:
    user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if user is None or user.disabled_at is not None:
        _verify(_dummy_hash(), password)
        return None
    if not _verify(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)  # parameters were raised since it was set
    return user


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def open_session(session: Session, user: User, now: datetime | None = None) -> str:
    """Start a web session; return the token for the cookie (only its hash is stored)."""
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    session.add(
        WebSession(
            token_sha256=_sha256(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(24),
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    return token


def signed_in(session: Session, token: str, now: datetime | None = None) -> SignedIn | None:
    row = session.execute(
        select(WebSession, User, Organisation)
        .join(User, User.id == WebSession.user_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(WebSession.token_sha256 == _sha256(token))
    ).first()
    if row is None:
        return None
    web_session, user, organisation = row
    if web_session.expires_at < (now or datetime.now(UTC)) or user.disabled_at is not None:
        return None
    return SignedIn(
        principal=principal_of(organisation, user.role, f"user:{user.id}"),
        user_id=user.id,
        name=user.name,
        email=user.email,
        organisation_name=organisation.name,
        csrf_token=web_session.csrf_token,
    )


def end_sessions(session: Session, user_id: int, keeping: str | None = None) -> None:
    """End the person's sessions, all but the one of token ``keeping`` if given (where they have just
    changed their password themselves)."""
    ended = WebSession.user_id == user_id
    if keeping is not None:
        ended &= WebSession.token_sha256 != _sha256(keeping)
    session.execute(delete(WebSession).where(ended))


def close_session(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.token_sha256 == _sha256(token)))


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
