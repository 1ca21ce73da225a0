"""What partners wrote in the working loop and the intervention register, scrubbed where it was stored
before the contracts scrubbed it on entry (``ShortProse`` and ``LongProse`` in embrace.contracts.fields).

Readers validate a payload through its contract, so they already see it scrubbed; this rewrites the
stored payload itself, so that no personal identity number, phone number or e-mail address stays in the
store, and publishes the same version again: its compacted topic then keeps the scrubbed one, and the
warehouse reads it as a delivery made twice. An upgrade step (embrace.sqlstore.upgrades) runs it once.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.sqlstore.loop_tables import StoredMeeting, StoredProblem, StoredTask
from embrace.sqlstore.outbox import enqueue
from embrace.sqlstore.tables import StoredIntervention
from embrace.topic import Topic
from embrace.topics import INTERVENTIONS, MEETINGS, PROBLEMS, TASKS

log = logging.getLogger(__name__)

WRITTEN: tuple[tuple[Any, Topic[Any]], ...] = (
    (StoredProblem, PROBLEMS),
    (StoredTask, TASKS),
    (StoredMeeting, MEETINGS),
    (StoredIntervention, INTERVENTIONS),
)


def scrub_stored_prose(session: Session) -> int:
    """Rewrite and publish again every stored payload its contract reads otherwise, texts scrubbed; how
    many. A payload its contract no longer reads is left as it is, and logged: no reader shows it."""
    rewritten = 0
    for table, topic in WRITTEN:
        for row in session.scalars(select(table)):
            try:
                value = topic.model.model_validate(row.payload)
            except ValidationError as exc:
                log.warning("%s %s left as stored: %s", table.__tablename__, row.id, exc)
                continue
            if (scrubbed := value.model_dump(mode="json")) != row.payload:
                row.payload = scrubbed
                enqueue(session, [topic.record(value)])
                rewritten += 1
    return rewritten
