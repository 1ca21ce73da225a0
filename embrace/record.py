"""A message as runners, publishers and the outbox see it: bytes, plus where it came from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Record:
    topic: str
    key: bytes | None
    value: bytes
    partition: int | None = None
    offset: int | None = None
