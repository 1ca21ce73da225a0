"""A toy pipeline for testing runners: numbers are doubled, then written to a list."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pydantic import BaseModel, ConfigDict

from embrace.bus.stages import Emit, Rejected, Sink, Transform, one_by_one
from embrace.topic import Topic


class Number(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    value: int


NUMBERS: Topic[Number] = Topic("test.numbers", Number, "value", lambda m: str(m.value))
DOUBLED: Topic[Number] = Topic("test.doubled", Number, "value", lambda m: str(m.value))
# Numbers as a piece of state each: read as a compacted topic is, whose log may lack offsets.
NUMBER_STATES: Topic[Number] = Topic(
    "test.number-states", Number, "value", lambda m: str(m.value), compacted=True
)


def double(number: Number) -> Iterator[Emit[Number]]:
    if number.value < 0:
        raise Rejected("negative numbers are not doubled")
    if number.value == 13:
        raise RuntimeError("unlucky")
    yield Emit(DOUBLED, Number(value=number.value * 2))


REFUSED = 666  # doubled from 333: a value the collecting store refuses as bad data


class Collector:
    """A sink's write function that can be told to fail a few times, like a store that is down, and that
    refuses any batch holding REFUSED, like a store refusing a row it cannot hold."""

    def __init__(self, failures: int = 0) -> None:
        self.batches: list[list[int]] = []
        self.failures = failures
        self.attempts = 0

    def __call__(self, batch: Sequence[Number]) -> None:
        self.attempts += 1
        if self.failures:
            self.failures -= 1
            raise ConnectionError("store unreachable")
        if any(n.value == REFUSED for n in batch):
            raise ValueError(f"cannot hold {REFUSED}")
        self.batches.append([n.value for n in batch])

    @property
    def values(self) -> list[int]:
        return [v for batch in self.batches for v in batch]


def stages(
    collector: Collector, batch_size: int = 100, numbers: Topic[Number] = NUMBERS
) -> list[Transform[Number] | Sink[Number]]:
    return [
        Transform("double", (numbers,), one_by_one(double), outputs=(DOUBLED,)),
        Sink("collect", (DOUBLED,), collector, batch_size=batch_size, max_wait_seconds=0.05),
    ]
