"""A stage is a plain function plus the topic it consumes; runners own everything about transport.

Two kinds:

* :class:`Transform` - pure: one message in, any number of messages out. It may raise :class:`Rejected`
  for input that is well-formed but unusable; any other exception is a bug and is also dead-lettered,
  because retrying a pure function on the same input cannot help.
* :class:`Sink` - side effect on a batch (a warehouse insert). ``is_transient`` tells a store that is
  down (retried until it is back, so good data is never dropped) from a row the store refuses as bad data
  (that row alone is dead-lettered; see :mod:`embrace.bus.sinking`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from embrace.errors import StoreUnavailable
from embrace.topics import Topic

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


@dataclass(frozen=True)
class Transform(Generic[In]):
    name: str
    sources: tuple[Topic[In], ...]
    handle: Callable[[In], Iterable[Emit[Any]]]

    def __post_init__(self) -> None:
        _one_model(self.name, self.sources)

    @property
    def model(self) -> type[In]:
        return self.sources[0].model


@dataclass(frozen=True)
class Sink(Generic[In]):
    name: str
    sources: tuple[Topic[In], ...]
    write: Callable[[Sequence[In]], None]
    batch_size: int = 1000
    max_wait_seconds: float = 0.5
    is_transient: Callable[[BaseException], bool] = presumed_transient

    def __post_init__(self) -> None:
        _one_model(self.name, self.sources)

    @property
    def model(self) -> type[In]:
        return self.sources[0].model


Stage = Transform[Any] | Sink[Any]
