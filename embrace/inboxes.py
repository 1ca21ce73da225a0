"""The integrators' inboxes: a family of topics, one per organisation, that the enrich service reads by
pattern. Who an inbox speaks for is in its name, and a record whose body claims anyone else is refused
(embrace.bus.processing)."""

from __future__ import annotations

import re
from dataclasses import replace

from embrace.contracts import IncidentReport
from embrace.topic import Topic

INBOX = re.compile(r"embrace\.inbox\.(?P<tenant>[0-9]{4})\.(?P<organisation>[a-z0-9][a-z0-9-]{0,63})\.v1")
INBOXES: Topic[IncidentReport] = Topic(
    "embrace.inbox.<tenant>.<organisation>.v1",
    IncidentReport,
    "report event_id",
    lambda m: str(m.event_id),
    pattern=INBOX.pattern,
)


def inbox(tenant: str, organisation: str) -> Topic[IncidentReport]:
    """The inbox of one organisation of one tenant."""
    return replace(INBOXES, name=f"embrace.inbox.{tenant}.{organisation}.v1", pattern="")


def speaks_for(name: str) -> dict[str, str]:
    """The fields a record of the topic ``name`` must carry as they are: an inbox's tenant and
    organisation; nothing for any other topic."""
    found = INBOX.fullmatch(name)
    return found.groupdict() if found else {}
