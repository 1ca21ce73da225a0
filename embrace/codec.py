"""Values on the bus are JSON bytes of the topic's pydantic model."""

from __future__ import annotations

import json
import re
from typing import TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

_TENANT = re.compile(r"^[0-9]{4}$")


class Undecodable(Exception):
    """The bytes are not a valid value of the topic's model; ``str()`` says why, field by field."""


def encode(value: BaseModel) -> bytes:
    return value.model_dump_json().encode()


def decode(model: type[M], raw: bytes) -> M:
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise Undecodable(describe(exc)) from None


def describe(exc: ValidationError) -> str:
    """One line per problem: ``field.path: message``."""
    parts = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "(message)"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def sniff_tenant(raw: bytes) -> str | None:
    """Best-effort tenant of a message that failed to decode, so its dead letter can be routed."""
    try:
        tenant = json.loads(raw).get("tenant")
    except (ValueError, AttributeError):
        return None
    return tenant if isinstance(tenant, str) and _TENANT.match(tenant) else None
