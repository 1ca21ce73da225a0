"""What a topic on the bus is: its name, what its key is, the model of its values, and how it is kept.
Every topic is listed in embrace/topics.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel

from embrace.codec import encode
from embrace.record import Record

M = TypeVar("M", bound=BaseModel)

DAY_MS = 24 * 3600 * 1000


@dataclass(frozen=True)
class Topic(Generic[M]):
    name: str
    model: type[M]
    key: str  # what the key is, for people
    key_of: Callable[[M], str]
    partitions: int = 6
    compacted: bool = False  # the key is the identity of a piece of state; keep its latest value
    retention_ms: int = 30 * DAY_MS
    pattern: str = ""  # a family of topics (one per integrator): the names this regex matches

    @property
    def family_prefix(self) -> str:
        """What every name of a family begins with: its name up to the first variable part (``<tenant>``)."""
        return self.name.split("<", 1)[0]

    def holds(self, name: str) -> bool:
        """Whether records of the topic ``name`` (namespace removed) are this topic's."""
        return re.fullmatch(self.pattern, name) is not None if self.pattern else name == self.name

    def key_bytes(self, value: M) -> bytes:
        return self.key_of(value).encode()

    def record(self, value: M) -> Record:
        """The value as a record of this topic: the one way a message is put into bytes."""
        return Record(self.name, self.key_bytes(value), encode(value))
