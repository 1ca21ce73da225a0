"""Retry-After grows with how much a process sheds for each request it answers, and is spread at
random so that shed clients do not all come back in the same second."""

from __future__ import annotations

import random

from embrace.http.retry_advice import MOST_SECONDS, RetryAdvice


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def advice_after(answered: int, shed: int, clock: Clock | None = None) -> RetryAdvice:
    advice = RetryAdvice(clock or Clock(), random.Random(7))
    for _ in range(answered):
        advice.answered()
    for _ in range(shed):
        advice.shed()
    return advice


def test_a_process_that_sheds_little_asks_for_a_second_or_two() -> None:
    advice = advice_after(answered=100, shed=9)
    assert {advice.shed() for _ in range(50)} == {1, 2}


def test_the_more_it_sheds_for_each_answer_the_longer_it_asks_clients_to_wait() -> None:
    advice = advice_after(answered=100, shed=999)  # the next hundred make ten to eleven for each answer
    waits = [advice.shed() for _ in range(100)]
    assert min(waits) >= 10
    assert max(waits) <= 22
    assert len(set(waits)) > 5  # spread, not all back in the same second


def test_what_happened_more_than_a_second_ago_is_forgotten() -> None:
    clock = Clock()
    advice = advice_after(answered=10, shed=500, clock=clock)
    clock.now += 1.0
    assert advice.shed() >= 25  # the second before still counts
    clock.now += 2.0
    assert advice.shed() in {1, 2}


def test_no_client_is_asked_to_wait_longer_than_the_most() -> None:
    advice = advice_after(answered=0, shed=10_000)
    assert max(advice.shed() for _ in range(100)) == MOST_SECONDS
