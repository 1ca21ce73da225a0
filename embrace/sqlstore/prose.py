"""What partners wrote in the working loop and the intervention register, scrubbed where it was stored
before the contracts scrubbed it on entry (``ShortProse`` and ``LongProse`` in embrace.contracts.fields).

Readers validate a payload through its contract, so they already see it scrubbed; this rewrites the
stored payload itself, so that no personal identity number, phone number or e-mail address stays in the
store. An upgrade step (embrace.sqlstore.upgrades) runs it once.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.contracts import Intervention
from embrace.contracts.loop import Meeting, Problem, Task
from embrace.sqlstore.loop_tables import StoredMeeting, StoredProblem, StoredTask
from embrace.sqlstore.tables import StoredIntervention

log = logging.getLogger(__name__)

WRITTEN: tuple[tuple[Any, type[BaseModel]], ...] = (
    (StoredProblem, Problem),
    (StoredTask, Task),
    (StoredMeeting, Meeting),
    (StoredIntervention, Intervention),
)


def scrub_stored_prose(session: Session) -> int:
    """Rewrite every stored payload as its contract reads it, texts scrubbed; how many changed. A payload
    its contract no longer reads is left as it is, and logged: no reader can show it either."""
    rewritten = 0
    for table, contract in WRITTEN:
        for row in session.scalars(select(table)):
            try:
                scrubbed = contract.model_validate(row.payload).model_dump(mode="json")
            except ValidationError as exc:
                log.warning("%s %s left as stored: %s", table.__tablename__, row.id, exc)
                continue
            if scrubbed != row.payload:
                row.payload = scrubbed
                rewritten += 1
    return rewritten
