"""A stage is a plain function plus the topic it consumes; runners own everything about transport.

Three kinds:

* :class:`Transform` - pure: a batch of messages in, for each any number of messages out. Its result for
  an input may be :class:`Rejected` (well-formed but unusable) or any other exception (a bug); both are
  dead-lettered, because retrying a pure function on the same input cannot help. Batches let a stage
  work on arrays (place lookups, time arithmetic); :func:`one_by_one` makes a batch handler of a function
  of one message.
* :class:`Sink` - side effect on a batch (a warehouse insert). ``is_transient`` tells a store that is
  down (retried until it is back, so good data is never dropped) from a row the store refuses as bad data
  (that row alone is dead-lettered; see :mod:`embrace.bus.sinking`). A sink may return messages about
  what it wrote (an alert raised by the counts): the runner publishes them before it acknowledges the
  batch, so a crash replays the batch rather than losing them.
* :class:`Follow` - keeps in-memory state from a compacted topic (a tenant's areas, its gazetteer). Every
  worker reads the whole topic, from its beginning, not a share of its partitions.
* :class:`Tick` - work a worker does on its own, again and again (recounting the rollups its sinks
  marked). It must be idempotent and safe to run in several workers at once: each worker runs it.

A source may be a family of topics (``Topic.pattern``, one inbox per integrator): the runners find its
members by pattern, new ones included. A transform or sink declares the topics it publishes to
(``outputs``): that is what its service's principal may write on Kafka, and emitting elsewhere is a bug.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from embrace.errors import StoreUnavailable
from embrace.topic import Topic

In = TypeVar("In", bound=BaseModel)
Out = TypeVar("Out", bound=BaseModel)


class Rejected(Exception):
    """The input cannot be used; the reason goes into its dead letter."""


def presumed_transient(exc: BaseException) -> bool:
    """Without knowledge of the store: network and availability failures pass, anything else is the data."""
    return isinstance(exc, (OSError, StoreUnavailable))


@dataclass(frozen=True)
class Emit(Generic[Out]):
    topic: Topic[Out]
    value: Out


def _one_model(name: str, sources: tuple[Topic[Any], ...]) -> None:
    if not sources or len({t.model for t in sources}) != 1:
        raise ValueError(f"stage {name}: needs one or more source topics with the same value model")


# What a transform made of one input: its outputs, or why it could not make any.
Result = list[Emit[Any]] | Exception


def one_by_one(handle: Callable[[In], Iterable[Emit[Any]]]) -> Callable[[Sequence[In]], list[Result]]:
    """A batch handler that calls ``handle`` on each input alone."""

    def each(batch: Sequence[In]) -> list[Result]:
        results: list[Result] = []
        for value in batch:
            try:
                results.append(list(handle(value)))
            except Exception as exc:
                results.append(exc)
        return results

    return each


@dataclass(frozen=True)
class _Consumer(Generic[In]):
    """What every stage is: a name (which owns a dead-letter topic) and the topics it reads, of one model."""

    name: str
    sources: tuple[Topic[In], ...]

    def __post_init__(self) -> None:
        _one_model(self.name, self.sources)

    @property
    def model(self) -> type[In]:
        return self.sources[0].model


@dataclass(frozen=True)
class Transform(_Consumer[In]):
    handle: Callable[[Sequence[In]], list[Result]]  # one result per input, in order
    outputs: tuple[Topic[Any], ...] = ()  # where it may publish (its principal's rights on Kafka)
    batch_size: int = 500
    max_wait_seconds: float = 0.05


# What a sink made of a batch besides its writes: nothing, or messages to publish.
Written = Iterable[Emit[Any]] | None


@dataclass(frozen=True)
class Sink(_Consumer[In]):
    write: Callable[[Sequence[In]], Written]
    outputs: tuple[Topic[Any], ...] = ()  # where what it writes may make it publish
    batch_size: int = 1000
    max_wait_seconds: float = 0.5
    is_transient: Callable[[BaseException], bool] = presumed_transient
    # Called when this worker is given partitions: what the sink remembers of the store's contents
    # must be read again, for another worker may have written meanwhile.
    on_assigned: Callable[[], None] | None = None


@dataclass(frozen=True)
class Follow(_Consumer[In]):
    apply: Callable[[In], None]


@dataclass(frozen=True)
class Tick:
    """``run`` every ``every_seconds`` on Kafka; after each delivery on the in-process bus."""

    name: str
    run: Callable[[], object]
    every_seconds: float = 1.0


Stage = Transform[Any] | Sink[Any] | Follow[Any] | Tick


def undeclared(stage: Transform[Any] | Sink[Any], emits: Iterable[Emit[Any]]) -> None:
    """Raise when a stage emits to a topic it did not declare: on Kafka its principal could not write it."""
    for emit in emits:
        if emit.topic not in stage.outputs:
            raise RuntimeError(f"stage {stage.name} emitted to {emit.topic.name}, not among its outputs")
