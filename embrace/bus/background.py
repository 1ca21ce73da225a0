"""What a worker runs beside its agents: a state topic followed, a family of inboxes consumed, where its
group stands, the geocoder's questions. Each is a thread that runs its ``work`` again, after a growing
pause, each time it fails, until the worker stops it, since a lost broker must not silence it for the
rest of the worker's life.

A subclass names its thread and what to log when the work fails, implements ``work`` (which returns once
``stopping`` is set), and may bound the wait of a stop with ``STOP_SECONDS``. A failure of a kind in
``EXPECTED`` (a broker gone, a coordinator moving) is logged as one line, its traceback left out: it says
nothing an operator can act on, and a lost broker brings one each retry.
"""

from __future__ import annotations

import logging
import threading
from typing import Self

from embrace.bus.publishing import backoff

log = logging.getLogger(__name__)


class Background:
    STOP_SECONDS = 10.0  # how long a stop waits for the work to notice
    EXPECTED: tuple[type[Exception], ...] = ()

    def __init__(self, name: str, failed: str) -> None:
        self.stopping = threading.Event()
        self._complaint = failed
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._thread.join(self.STOP_SECONDS)

    def work(self) -> None:
        """One attempt at the work, until ``stopping`` is set; an exception is logged and retried."""
        raise NotImplementedError

    def _run(self) -> None:
        delays = backoff(initial=1.0, maximum=30.0)
        while not self.stopping.is_set():
            try:
                self.work()
            except self.EXPECTED as exc:
                log.warning("%s: %s: %s", self._complaint, type(exc).__name__, exc)
            except Exception:
                log.exception(self._complaint)
            else:
                continue
            self.stopping.wait(next(delays))
