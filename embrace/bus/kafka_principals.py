"""Who may do what on Kafka. A service's principal gets exactly what its stages need, read off the stages
themselves (what they consume, where they publish, their dead letters, their consumer groups); the relay's
what the outbox holds; an integrator, writing its own inbox and nothing else.

Grants are applied as ACLs by the administrator (KRaft's StandardAuthorizer denies what no ACL allows);
SCRAM-SHA-512 credentials are set through the admin API, so nothing needs the broker's own tools.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kafka.admin import (
    ACL,
    ACLFilter,
    ACLOperation,
    ACLPermissionType,
    ACLResourcePatternType,
    ResourcePattern,
    ResourcePatternFilter,
    ResourceType,
    ScramMechanism,
    UserScramCredentialDeletion,
    UserScramCredentialUpsertion,
)

from embrace.bus.kafka_connection import KafkaConnection
from embrace.bus.stages import Follow, Sink, Stage, Transform
from embrace.bus.topic_admin import admin_client
from embrace.errors import OperatorError
from embrace.topic import Topic
from embrace.topics import OUTBOX_TOPICS, dead_letters

READ, WRITE = ACLOperation.READ, ACLOperation.WRITE


@dataclass(frozen=True)
class Grant:
    resource: ResourceType
    name: str
    operation: ACLOperation
    prefixed: bool = False

    def acl(self, user: str) -> ACL:
        kind = ACLResourcePatternType.PREFIXED if self.prefixed else ACLResourcePatternType.LITERAL
        return ACL(f"User:{user}", "*", self.operation, ACLPermissionType.ALLOW,
                   ResourcePattern(self.resource, self.name, kind))  # fmt: skip


def _topic(topic: Topic[Any], operation: ACLOperation, namespace: str) -> Grant:
    if topic.pattern:  # a family: everything under its fixed beginning
        return Grant(ResourceType.TOPIC, namespace + topic.family_prefix, operation, prefixed=True)
    return Grant(ResourceType.TOPIC, namespace + topic.name, operation)


def stage_grants(stages: Iterable[Stage], namespace: str, group: str) -> set[Grant]:
    """What a worker running these stages needs: read what they consume (its groups begin with
    ``group``), write where they publish and their dead letters."""
    grants = {Grant(ResourceType.GROUP, namespace + group, READ, prefixed=True)}
    for stage in stages:
        if isinstance(stage, (Transform, Sink, Follow)):
            grants |= {_topic(t, READ, namespace) for t in stage.sources}
        if isinstance(stage, (Transform, Sink)):
            writes = (*stage.outputs, dead_letters(stage.name))
            grants |= {_topic(t, WRITE, namespace) for t in writes}
    return grants


def relay_grants(namespace: str) -> set[Grant]:
    """The outbox relay's: write what producers put on the outbox, and its own dead letters."""
    return {_topic(t, WRITE, namespace) for t in OUTBOX_TOPICS}


def integrator_grants(namespace: str, inbox: Topic[Any]) -> set[Grant]:
    return {_topic(inbox, WRITE, namespace)}


class Principals:
    """The administrator's hand on the cluster's users and ACLs."""

    def __init__(self, kafka: KafkaConnection) -> None:
        self._admin = admin_client(kafka)

    def close(self) -> None:
        self._admin.close()

    def set_user(self, user: str, password: str) -> None:
        upsert = UserScramCredentialUpsertion(user, ScramMechanism.SCRAM_SHA_512, password)
        _checked(self._admin.alter_user_scram_credentials([upsert]), user)

    def remove_user(self, user: str) -> bool:
        """Remove the user's credential; False when it had none."""
        if not self._exists(user):
            return False
        deletion = UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512)
        _checked(self._admin.alter_user_scram_credentials([deletion]), user)
        return True

    def grant(self, user: str, grants: Iterable[Grant]) -> None:
        """Make the user's ACLs exactly these: missing ones are created, others removed."""
        wanted = {g.acl(user) for g in grants}
        self.revoke(user, keep=wanted)
        result = self._admin.create_acls(list(wanted))
        if result["failed"]:
            raise OperatorError(f"Kafka refused ACLs of {user}: {result['failed']}")

    def revoke(self, user: str, keep: set[ACL] | None = None) -> int:
        """Delete the user's ACLs (but those in ``keep``); the number deleted."""
        every = ResourcePatternFilter(ResourceType.ANY, None, ACLResourcePatternType.ANY)
        mine = ACLFilter(f"User:{user}", None, ACLOperation.ANY, ACLPermissionType.ANY, every)
        found, _ = self._admin.describe_acls(mine)
        doomed = [a for a in found if not keep or a not in keep]
        if doomed:
            self._admin.delete_acls(doomed)
        return len(doomed)

    def users(self, prefix: str) -> list[str]:
        """The users with a SCRAM credential whose names begin with ``prefix``."""
        return sorted(u for u in self._admin.describe_user_scram_credentials() if u.startswith(prefix))

    def _exists(self, user: str) -> bool:
        described = self._admin.describe_user_scram_credentials([user]).get(user, {})
        return bool(described.get("credential_infos"))


def _checked(results: dict[str, str | None], user: str) -> None:
    if results.get(user):
        raise OperatorError(f"Kafka refused the credential of {user}: {results[user]}")
