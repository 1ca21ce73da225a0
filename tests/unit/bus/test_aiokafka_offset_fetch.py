"""An OffsetFetch's error of the whole group is raised as aiokafka raises the same error given for a
partition: a broker that is not the coordinator is forgotten as one, and a refusal names the group. Each
is a warning in the log."""

from __future__ import annotations

import pytest
from aiokafka import errors

from embrace.bus.aiokafka_offset_fetch import raise_group_error


class Coordinator:
    group_id = "embrace-aggregate"

    def __init__(self) -> None:
        self.dead = False

    def coordinator_dead(self) -> None:
        self.dead = True


def test_an_answer_without_a_group_error_raises_nothing() -> None:
    coordinator = Coordinator()
    raise_group_error(coordinator, 0)
    assert not coordinator.dead


@pytest.mark.parametrize(
    ("code", "raised", "dead"),
    [
        (14, errors.GroupLoadInProgressError, False),  # asked again after a pause
        (15, errors.GroupCoordinatorNotAvailableError, False),
        (16, errors.NotCoordinatorForGroupError, True),  # asked again of the coordinator found anew
        (30, errors.GroupAuthorizationFailedError, False),
    ],
)
def test_a_group_error_is_raised_and_a_broker_no_longer_coordinator_is_forgotten(
    code: int, raised: type[Exception], dead: bool, caplog: pytest.LogCaptureFixture
) -> None:
    coordinator = Coordinator()
    with pytest.raises(raised) as error:
        raise_group_error(coordinator, code)
    assert coordinator.dead is dead
    assert ("embrace-aggregate" in str(error.value)) is (code == 30)
    assert f"embrace-aggregate: committed offsets not given: {raised.__name__}" in caplog.text
