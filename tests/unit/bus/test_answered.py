"""Asking a cluster that is losing a broker or still forming: transient errors are asked again, others
are not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kafka.errors import KafkaError, NodeNotReadyError, TopicAuthorizationFailedError, UnknownBrokerIdError

from embrace.bus.topic_admin import answered


def failing(times: int, error: type[KafkaError]) -> Callable[[], str]:
    calls = iter(range(times + 1))

    def ask() -> str:
        if next(calls) < times:
            raise error()
        return "answered"

    return ask


@pytest.mark.parametrize("error", [NodeNotReadyError, UnknownBrokerIdError])
def test_a_transient_error_is_asked_again(error: type[KafkaError], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("embrace.bus.topic_admin.time.sleep", lambda _: None)
    assert answered(failing(2, error)) == "answered"


def test_an_error_that_will_not_pass_is_raised_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("embrace.bus.topic_admin.time.sleep", lambda _: None)
    with pytest.raises(TopicAuthorizationFailedError):
        answered(failing(1, TopicAuthorizationFailedError))
    with pytest.raises(UnknownBrokerIdError):  # nor one that lasts past the attempts
        answered(failing(6, UnknownBrokerIdError))
