"""A message a stage could not use, kept with the reason so nothing is silently dropped."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from embrace.contracts.envelope import Event
from embrace.contracts.fields import MunicipalityCode


class DeadLetter(Event):
    """``tenant`` is set when it could be read from the original; malformed input often has none."""

    model_config = ConfigDict(extra="forbid", frozen=True, ser_json_bytes="base64", val_json_bytes="base64")

    tenant: MunicipalityCode | None = None  # type: ignore[assignment]
    stage: Annotated[str, Field(max_length=64)]
    source_topic: Annotated[str, Field(max_length=249)]
    partition: int | None = None
    offset: int | None = None
    key: bytes | None = None
    original: bytes = Field(description="The message exactly as received (base64 in JSON).")
    reason: Annotated[str, Field(max_length=4000)]
