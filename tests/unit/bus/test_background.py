"""What a worker runs beside its agents tries its work again after each failure, until it is stopped: a
lost broker does not silence it for the rest of the worker's life."""

from __future__ import annotations

import logging
import threading

import pytest
from kafka.errors import KafkaConnectionError

from embrace.bus.background import Background


class Flaky(Background):
    """Work that fails twice, as a broker that is gone, and then runs until it is stopped."""

    EXPECTED = (KafkaConnectionError,)

    def __init__(self, failure: Exception | None = None) -> None:
        super().__init__("flaky", "flaky work failed; again")
        self.attempts = 0
        self.running = threading.Event()
        self.failure = failure or ConnectionError("no broker answers")

    def work(self) -> None:
        self.attempts += 1
        if self.attempts <= 2:
            raise self.failure
        self.running.set()
        self.stopping.wait()


def test_work_that_fails_is_tried_again_until_it_runs_and_is_then_stopped() -> None:
    flaky = Flaky()
    flaky.start()
    assert flaky.running.wait(10)  # after pauses of 1 s and 2 s
    flaky.stop()
    assert (flaky.attempts, flaky._thread.is_alive()) == (3, False)


@pytest.mark.parametrize(
    ("failure", "traced"),
    [(KafkaConnectionError("111 ECONNREFUSED"), False), (ConnectionError("no broker answers"), True)],
)
def test_an_expected_failure_is_told_in_one_line_and_any_other_with_its_traceback(
    failure: Exception, traced: bool, caplog: pytest.LogCaptureFixture
) -> None:
    flaky = Flaky(failure)
    with caplog.at_level(logging.WARNING, logger="embrace.bus.background"):
        flaky.start()
        assert flaky.running.wait(10)
        flaky.stop()
    told = [(r.levelno, r.getMessage(), r.exc_info is not None) for r in caplog.records]
    line = f"flaky work failed; again: {type(failure).__name__}: {failure}"
    assert told == (2 * [(logging.ERROR, "flaky work failed; again", True)] if traced
                    else 2 * [(logging.WARNING, line, False)])  # fmt: skip
