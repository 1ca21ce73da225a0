"""Rows that wait for the rest of a group: a group commit's units insert through :func:`insert_rows`, and
their rows go in one multi-row insert per statement after the group's last unit. A round trip a group
rather than a unit: on PostgreSQL the round trips were most of the writer's time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert
from sqlalchemy.orm import Session

_ROWS_WAITING = "embrace.rows_waiting"
_Waiting = dict[int, tuple[Insert, list[dict[str, Any]]]]  # by the statement's id: the statement, its rows


def insert_rows(session: Session, statement: Insert, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` in the session's transaction. On the writer's first pass over a group they wait
    and go with the other units' rows for the same statement, after its last unit; anywhere else now."""
    if not rows:  # an executemany of nothing would insert one empty row
        return
    waiting: _Waiting | None = session.info.get(_ROWS_WAITING)
    if waiting is None:
        _execute(session, statement, rows)
    else:
        waiting.setdefault(id(statement), (statement, []))[1].extend(rows)


def rows_wait(session: Session) -> _Waiting:
    """From now on the session's inserted rows wait, in what this returns, until :func:`insert_waiting`."""
    waiting: _Waiting = {}
    session.info[_ROWS_WAITING] = waiting
    return waiting


def insert_waiting(session: Session, waiting: _Waiting) -> None:
    """Insert the rows that waited, and let the session's next rows go in at once."""
    session.info.pop(_ROWS_WAITING, None)
    for statement, rows in waiting.values():
        _execute(session, statement, rows)


def _execute(session: Session, statement: Insert, rows: list[dict[str, Any]]) -> None:
    # A lone row as a plain execute: the driver's path for many rows costs a single row 0.1 ms more.
    session.connection().execute(statement, rows[0] if len(rows) == 1 else rows)
