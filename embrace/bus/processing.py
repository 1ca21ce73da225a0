"""What happens to one record in one stage, shared by both runners so they cannot drift apart."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel

from embrace.bus.stages import Emit, Follow, Rejected, Result, Sink, Transform, undeclared
from embrace.codec import Undecodable, decode, sniff_tenant
from embrace.contracts import DeadLetter
from embrace.inboxes import speaks_for
from embrace.record import Record
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


def decode_record(model: type[Any], record: Record) -> Any:
    """The record's value; :class:`Undecodable` also when its body speaks for a tenant or organisation
    its topic does not (an integrator's inbox speaks for its own organisation only)."""
    value = decode(model, record.value)
    for field, owner in speaks_for(record.topic).items():
        claimed = getattr(value, field, owner)
        if claimed != owner:
            raise Undecodable(f"{field}: {record.topic} speaks for {field} {owner} only, not {claimed}")
    return value


def run_transform(
    stage: Transform[Any], records: Sequence[Record], clock: Clock = utc_now
) -> tuple[list[Record], list[Outcome]]:
    """The records a transform makes of a batch, in input order, and what became of each input."""
    outcomes: list[Outcome] = ["invalid"] * len(records)
    made: list[list[Record]] = [[] for _ in records]
    decoded: list[tuple[int, Any]] = []
    for n, record in enumerate(records):
        try:
            decoded.append((n, decode_record(stage.model, record)))
        except Undecodable as exc:
            made[n] = [_parked(stage.name, record, f"invalid {stage.model.__name__}: {exc}", clock)]
    now = clock()
    for (n, _), made_of in zip(decoded, _results(stage, [value for _, value in decoded]), strict=True):
        record, result = records[n], _declared(stage, made_of)
        if isinstance(result, Rejected):
            made[n], outcomes[n] = [_parked(stage.name, record, f"rejected: {result}", clock)], "rejected"
        elif isinstance(result, Exception):
            # A pure function fails the same way every time on the same input: retrying would only
            # block the partition behind it, so the input is parked with the error for people to see.
            log.error(
                "stage %s failed on %s offset %s", stage.name, record.topic, record.offset, exc_info=result
            )
            reason = f"stage error: {type(result).__name__}: {result}"
            made[n], outcomes[n] = [_parked(stage.name, record, reason, clock)], "stage_error"
        else:
            made[n], outcomes[n] = [outgoing(e, now) for e in result], "ok"
    return [r for out in made for r in out], outcomes


def _declared(stage: Transform[Any], result: Result) -> Result:
    """The result, or the error of emitting where the stage did not declare (a bug, dead-lettered)."""
    if isinstance(result, Exception):
        return result
    try:
        undeclared(stage, result)
    except RuntimeError as exc:
        return exc
    return result


def follow(stage: Follow[Any], record: Record) -> bool:
    """Apply a record of a state topic; False when it does not decode (its sink dead-letters it)."""
    try:
        stage.apply(decode(stage.model, record.value))
    except Undecodable as exc:
        log.warning("stage %s: ignored an undecodable state record at %s offset %s: %s",
                    stage.name, record.topic, record.offset, exc)  # fmt: skip
        return False
    return True


def _results(stage: Transform[Any], values: list[Any]) -> list[Result]:
    if not values:
        return []
    try:
        results = stage.handle(values)
    except Exception as exc:
        if len(values) == 1:
            return [exc]
        # A bug that fails the whole batch must not take the good inputs with it: one at a time.
        return [result for value in values for result in _results(stage, [value])]
    if len(results) != len(values):
        raise RuntimeError(f"stage {stage.name} gave {len(results)} results for {len(values)} inputs")
    return results


def decode_batch(
    stage: Sink[Any] | Transform[Any], records: Sequence[Record], clock: Clock = utc_now
) -> tuple[list[tuple[Record, Any]], list[Record]]:
    """A sink's batch as (record, value) pairs, and dead letters of the records that do not decode."""
    pairs: list[tuple[Record, Any]] = []
    letters: list[Record] = []
    for record in records:
        try:
            pairs.append((record, decode_record(stage.model, record)))
        except Undecodable as exc:
            letters.append(_parked(stage.name, record, f"invalid {stage.model.__name__}: {exc}", clock))
    return pairs, letters


def _parked(stage: str, record: Record, reason: str, clock: Clock) -> Record:
    log.warning(
        "stage %s: dead letter for %s partition %s offset %s (key %r): %s",
        stage, record.topic, record.partition, record.offset, record.key, reason[:500],
    )  # fmt: skip
    return dead_letter(stage, record, reason, clock())
