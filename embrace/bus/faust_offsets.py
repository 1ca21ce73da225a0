"""Faust's commits held to what was done, on the topics whose every offset exists.

Faust commits, per partition, the offset after the first run of acknowledged messages from the offset it
committed last, which is Kafka's: the next one to read. faust-streaming 0.15.3 lets that run begin one
past it (``Consumer._new_offset``), so that a message missing from the log, compacted away, does not hold
commits back for ever. On a topic whose every offset exists, the same tolerance commits past a message
that was never acknowledged, as one a rebalance cut off while the next was processed. The broker-loss
test lost a message of the enriched topic once in twelve runs under load: on the topic, never written,
while the aggregate read on (tests/support/shortfall.py tells where a lost report stopped).

So on the topics a runner declares contiguous, none compacted, nothing is committed past the committed
offset until the message there is acknowledged. A partition held back so is read again from that offset
by whoever holds it after the next rebalance; the sinks absorb the repeat. Compacted topics keep faust's
own rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import faust
from faust.transport.consumer import Consumer

_CONTIGUOUS = "embrace_contiguous_topics"  # an attribute of the app: names as Kafka knows them
_upstream = Consumer._new_offset


def declare_contiguous(app: faust.App, topics: Iterable[str]) -> None:
    """Hold the commits of ``app`` on these topics to what was acknowledged, from the committed offset."""
    setattr(app, _CONTIGUOUS, frozenset(getattr(app, _CONTIGUOUS, frozenset())) | frozenset(topics))
    Consumer._new_offset = _new_offset  # type: ignore[method-assign]


def _new_offset(self: Any, tp: Any) -> int | None:
    committed = self._committed_offset[tp]
    contiguous = tp.topic in getattr(self.app, _CONTIGUOUS, ())
    if contiguous and committed is not None and self._acked[tp] and committed not in self._acked_index[tp]:
        return None  # the message at the committed offset was not processed: nothing past it is done
    result: int | None = _upstream(self, tp)
    return result
