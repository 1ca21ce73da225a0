"""An error of the whole group in the answer to an OffsetFetch is an error, not "nothing committed".

From version 2 of OffsetFetch (KIP-88) a broker puts an error of the whole group at the top of its
answer and lists no partitions. aiokafka 0.14 reads only the partitions' errors, so such an answer reads
as a group that has committed nothing, and the consumer begins its partitions again where their logs
begin (faust's ``auto_offset_reset``, and faust_offsets' seek): the whole topic read again. Kafka 3.9
answers so when the broker asked is not the group's coordinator, or no longer (NOT_COORDINATOR, as the
coordinator moves in a rolling restart or with a lost broker), and while it loads the group
(COORDINATOR_LOAD_IN_PROGRESS). kafka-python, the other clients' library, reads the top-level error.

Here the consumer raises the error as aiokafka raises the same error given for a partition: a
coordinator that is not one is marked dead, and aiokafka asks again after a retriable error.
"""

from __future__ import annotations

import logging
from typing import Any

from aiokafka import errors
from aiokafka.consumer.group_coordinator import GroupCoordinator
from aiokafka.protocol.commit import OffsetFetchRequest

log = logging.getLogger(__name__)
_upstream_send = GroupCoordinator._send_req


def read_group_errors() -> None:
    """Make every aiokafka consumer of this process raise an OffsetFetch's error of the whole group."""
    GroupCoordinator._send_req = _send_req


async def _send_req(self: GroupCoordinator, request: Any) -> Any:
    response = await _upstream_send(self, request)
    if isinstance(request, OffsetFetchRequest):
        raise_group_error(self, getattr(response, "error_code", 0))  # none before version 2
    return response


def raise_group_error(coordinator: GroupCoordinator, code: int) -> None:
    """Raise the group-level error ``code`` of an OffsetFetch, if any, as aiokafka raises it for a
    partition."""
    if not code:
        return
    error_type = errors.for_code(code)
    # Rare (a coordinator moving or loading, or a refusal), and worth a line where operators look.
    log.warning("%s: committed offsets not given: %s", coordinator.group_id, error_type.__name__)
    if error_type is errors.NotCoordinatorForGroupError:
        coordinator.coordinator_dead()
    if error_type is errors.GroupAuthorizationFailedError:
        raise error_type(coordinator.group_id)
    raise error_type()
