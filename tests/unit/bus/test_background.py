"""What a worker runs beside its agents tries its work again after each failure, until it is stopped: a
lost broker does not silence it for the rest of the worker's life."""

from __future__ import annotations

import threading

from embrace.bus.background import Background


class Flaky(Background):
    """Work that fails twice, as a broker that is gone, and then runs until it is stopped."""

    def __init__(self) -> None:
        super().__init__("flaky", "flaky work failed; again")
        self.attempts = 0
        self.running = threading.Event()

    def work(self) -> None:
        self.attempts += 1
        if self.attempts <= 2:
            raise ConnectionError("no broker answers")
        self.running.set()
        self.stopping.wait()


def test_work_that_fails_is_tried_again_until_it_runs_and_is_then_stopped() -> None:
    flaky = Flaky()
    flaky.start()
    assert flaky.running.wait(10)  # after pauses of 1 s and 2 s
    flaky.stop()
    assert (flaky.attempts, flaky._thread.is_alive()) == (3, False)
