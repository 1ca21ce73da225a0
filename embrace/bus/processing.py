"""What happens to one record in one stage, shared by both runners so they cannot drift apart."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel

from embrace.bus.codec import Undecodable, decode, sniff_tenant
from embrace.bus.record import Record
from embrace.bus.stages import Emit, Rejected, Sink, Transform
from embrace.contracts import DeadLetter
from embrace.topics import dead_letters

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
# What became of one input: "ok", or why it is a dead letter (the label of the runners' metrics).
Outcome = Literal["ok", "invalid", "rejected", "stage_error", "store_refused"]
_DEAD_LETTER_NAMESPACE = uuid.UUID("9b1d3c1e-5f0a-4c55-8a8e-3f4d2f0b7a61")


def utc_now() -> datetime:
    return datetime.now(UTC)


def outgoing(emit: Emit[Any], now: datetime) -> Record:
    """Encode a stage's output; the runner, not the stage, stamps the publication time."""
    value: BaseModel = emit.value
    if "published" in type(value).model_fields:
        value = value.model_copy(update={"published": now})
    return emit.topic.record(value)


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


def run_transform(
    stage: Transform[Any], record: Record, clock: Clock = utc_now
) -> tuple[list[Record], Outcome]:
    """The records a transform makes of one input, and what became of the input."""
    try:
        emits = list(stage.handle(decode(stage.model, record.value)))
    except Undecodable as exc:
        return [_parked(stage.name, record, f"invalid {stage.model.__name__}: {exc}", clock)], "invalid"
    except Rejected as exc:
        return [_parked(stage.name, record, f"rejected: {exc}", clock)], "rejected"
    except Exception as exc:
        # A pure function fails the same way every time on the same input: retrying would only block
        # the partition behind it, so the input is parked with the error for people to look at.
        log.exception("stage %s failed on %s offset %s", stage.name, record.topic, record.offset)
        reason = f"stage error: {type(exc).__name__}: {exc}"
        return [_parked(stage.name, record, reason, clock)], "stage_error"
    now = clock()
    return [outgoing(e, now) for e in emits], "ok"


def decode_batch(
    stage: Sink[Any], records: Sequence[Record], clock: Clock = utc_now
) -> tuple[list[tuple[Record, Any]], list[Record]]:
    """A sink's batch as (record, value) pairs, and dead letters of the records that do not decode."""
    pairs: list[tuple[Record, Any]] = []
    letters: list[Record] = []
    for record in records:
        try:
            pairs.append((record, decode(stage.model, record.value)))
        except Undecodable as exc:
            letters.append(_parked(stage.name, record, f"invalid {stage.model.__name__}: {exc}", clock))
    return pairs, letters


def _parked(stage: str, record: Record, reason: str, clock: Clock) -> Record:
    log.warning(
        "stage %s: dead letter for %s partition %s offset %s (key %r): %s",
        stage, record.topic, record.partition, record.offset, record.key, reason[:500],
    )  # fmt: skip
    return dead_letter(stage, record, reason, clock())
