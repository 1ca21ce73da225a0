"""What happens to one record in one stage, shared by both runners so they cannot drift apart."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from embrace.bus.codec import Undecodable, decode, encode, sniff_tenant
from embrace.bus.stages import Emit, Rejected, Sink, Transform
from embrace.contracts import DeadLetter
from embrace.topics import dead_letters

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
_DEAD_LETTER_NAMESPACE = uuid.UUID("9b1d3c1e-5f0a-4c55-8a8e-3f4d2f0b7a61")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Record:
    """A message as a runner sees it: bytes plus where it came from."""

    topic: str
    key: bytes | None
    value: bytes
    partition: int | None = None
    offset: int | None = None


def outgoing(emit: Emit[Any], now: datetime) -> Record:
    """Encode a stage's output; the runner, not the stage, stamps the publication time."""
    value: BaseModel = emit.value
    if "published" in type(value).model_fields:
        value = value.model_copy(update={"published": now})
    return Record(emit.topic.name, emit.topic.key_bytes(value), encode(value))


def dead_letter(stage: str, record: Record, reason: str, now: datetime) -> Record:
    # Redelivery of the same offset must not make a second dead letter, so the id is derived from it.
    if record.partition is not None and record.offset is not None:
        seed = f"{stage}/{record.topic}/{record.partition}/{record.offset}"
        event_id = uuid.uuid5(_DEAD_LETTER_NAMESPACE, seed)
    else:
        event_id = uuid.uuid4()
    letter = DeadLetter(
        event_id=event_id,
        tenant=sniff_tenant(record.value),
        occurred=now,
        published=now,
        stage=stage,
        source_topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key,
        original=record.value,
        reason=reason[:4000],
    )
    return outgoing(Emit(dead_letters(stage), letter), now)


def run_transform(stage: Transform[Any], record: Record, clock: Clock = utc_now) -> tuple[list[Record], bool]:
    """The records a transform makes of one input, and whether the input was dead-lettered."""
    try:
        emits = list(stage.handle(decode(stage.model, record.value)))
    except Undecodable as exc:
        return [dead_letter(stage.name, record, f"invalid {stage.model.__name__}: {exc}", clock())], True
    except Rejected as exc:
        return [dead_letter(stage.name, record, f"rejected: {exc}", clock())], True
    except Exception as exc:
        # A pure function fails the same way every time on the same input: retrying would only block
        # the partition behind it, so the input is parked with the error for people to look at.
        log.exception("stage %s failed on %s offset %s", stage.name, record.topic, record.offset)
        return [dead_letter(stage.name, record, f"stage error: {type(exc).__name__}: {exc}", clock())], True
    now = clock()
    return [outgoing(e, now) for e in emits], False


def decode_batch(
    stage: Sink[Any], records: Sequence[Record], clock: Clock = utc_now
) -> tuple[list[Any], list[Record]]:
    """Decoded values of a sink's batch, and dead letters for the ones that do not decode."""
    values: list[Any] = []
    letters: list[Record] = []
    for record in records:
        try:
            values.append(decode(stage.model, record.value))
        except Undecodable as exc:
            reason = f"invalid {stage.model.__name__}: {exc}"
            letters.append(dead_letter(stage.name, record, reason, clock()))
    return values, letters
