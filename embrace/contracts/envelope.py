"""What every message carries, whatever its payload."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

from embrace.contracts.fields import Contract, Moment, MunicipalityCode


class Event(Contract):
    """Identity, tenant and times of a message.

    ``occurred`` is when the fact happened in the world (a report was submitted, a notice published by
    the police); ``published`` is when it was put on the bus. Both are timezone-aware.
    """

    event_id: UUID
    schema_version: Annotated[int, Field(ge=1)] = 1
    tenant: MunicipalityCode
    occurred: Moment
    published: Moment


class Versioned(Event):
    """An event about a thing that can be corrected or withdrawn.

    A correction is the same ``event_id`` with a higher ``version``; a retraction is a higher version
    with ``retracted`` set. Consumers keep the highest version and drop retracted things from counts.
    """

    version: Annotated[int, Field(ge=1)] = 1
    retracted: bool = False
