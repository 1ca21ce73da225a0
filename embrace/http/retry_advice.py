"""How long a shed client is told to wait (``Retry-After``).

A fixed second brings every shed request back at once: under a sustained overload of twice capacity
the retries piled onto the new requests, the process spent its event loop refusing them, and one
answer took 18.5 s (docs/benchmarks.md). So the wait is the time the process needs, at the rate it
answered in the last second, to answer the requests it shed in that second, and each client gets a
whole number of seconds drawn between that and twice that, so that they come back spread out.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

MOST_SECONDS = 30  # longer than this and a client had better be told something is wrong


class RetryAdvice:
    """Counts, per second of the clock, the requests answered and the requests shed."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, draw: random.Random | None = None
    ) -> None:
        self._clock = clock
        self._draw = draw or random.Random()
        self._second = math.floor(clock())
        self._now = [0, 0]  # answered, shed: this second
        self._last = [0, 0]  # the second before

    def answered(self) -> None:
        self._tick()
        self._now[0] += 1

    def shed(self) -> int:
        """Count one shed request and say how many seconds it should wait."""
        self._tick()
        self._now[1] += 1
        answered, shed = self._now[0] + self._last[0], self._now[1] + self._last[1]
        seconds = min(MOST_SECONDS, max(1, math.ceil(shed / max(answered, 1))))
        return self._draw.randint(seconds, min(MOST_SECONDS, 2 * seconds))

    def _tick(self) -> None:
        second = math.floor(self._clock())
        if second != self._second:
            self._last = self._now if second == self._second + 1 else [0, 0]
            self._now = [0, 0]
            self._second = second
