"""Creating the platform's topics with explicit partitions, retention and compaction."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaError, TopicAlreadyExistsError, UnknownBrokerIdError

from embrace.bus.kafka_connection import KafkaConnection, access
from embrace.errors import StoreUnavailable
from embrace.topic import Topic
from embrace.topics import all_topics

T = TypeVar("T")
# On a busy machine a broker that missed its heartbeats is left out of the cluster (fenced) for a
# few seconds: topics asked with more replicas than the cluster lists wait this long for it.
FENCED_PATIENCE = 15.0
# Errors kafka-python does not mark retriable that a cluster still forming gives for a moment: the client
# has been told of a controller it has no address for yet.
FORMING = (UnknownBrokerIdError,)


def kafka_answers(kafka: KafkaConnection | str, timeout_seconds: float = 3.0) -> bool:
    """True when a metadata request to the cluster succeeds (readiness probes)."""
    return brokers_answering(kafka, timeout_seconds) > 0


def brokers_answering(kafka: KafkaConnection | str, timeout_seconds: float = 3.0) -> int:
    """How many brokers the cluster's metadata lists (0 when none answers)."""
    try:
        admin = KafkaAdminClient(
            **access(kafka).client_options(),
            client_id="embrace-probe",
            request_timeout_ms=int(timeout_seconds * 1000),
            bootstrap_timeout_ms=int(timeout_seconds * 1000),
        )
    except KafkaError:
        return 0
    try:
        return len(admin.describe_cluster()["brokers"])
    except KafkaError:
        return 0
    finally:
        admin.close()


def replication(brokers: int, asked: int = 0) -> tuple[int, int]:
    """Replicas of a topic and the in-sync ones a write needs: ``asked`` replicas (0: what the cluster
    holds, up to three), and a majority of two when there are three, so one broker may be lost."""
    replicas = asked or min(3, max(1, brokers))
    if replicas > brokers:
        raise StoreUnavailable(f"{replicas} replicas asked, but the cluster has {brokers} broker(s)")
    return replicas, 2 if replicas >= 3 else 1


def admin_client(kafka: KafkaConnection | str) -> KafkaAdminClient:
    """An admin client of the cluster, as the given principal; :class:`StoreUnavailable` if none answers."""
    kafka = access(kafka)
    try:
        return KafkaAdminClient(
            **kafka.client_options(), client_id="embrace-admin", bootstrap_timeout_ms=15000
        )
    except KafkaError:
        raise StoreUnavailable(f"no Kafka broker answers at {kafka.bootstrap}") from None


def answered(ask: Callable[[], T], attempts: int = 6) -> T:
    """The answer of a cluster that may have lost a broker, or is still forming: the client asks whichever
    node it thinks least loaded, which may be the lost one (connection refused) until it has learnt
    otherwise."""
    for attempt in range(attempts):
        try:
            return ask()
        except KafkaError as exc:
            if not (exc.retriable or isinstance(exc, FORMING)) or attempt == attempts - 1:
                raise
            time.sleep(0.5 * (attempt + 1))
    raise AssertionError("unreachable")


def _brokers(admin: KafkaAdminClient, wanted: int) -> int:
    """The brokers the cluster lists, waiting up to ``FENCED_PATIENCE`` seconds for ``wanted`` of them."""
    deadline = time.monotonic() + FENCED_PATIENCE
    while True:
        brokers = len(answered(admin.describe_cluster)["brokers"])
        if brokers >= wanted or time.monotonic() > deadline:
            return brokers
        time.sleep(0.5)


def topic_configs(topic: Topic[Any]) -> dict[str, str]:
    if topic.compacted:
        return {"cleanup.policy": "compact", "min.compaction.lag.ms": "60000"}
    return {"cleanup.policy": "delete", "retention.ms": str(topic.retention_ms)}


def ensure_topics(
    kafka: KafkaConnection | str,
    topics: Sequence[Topic[Any]] | None = None,
    *,
    partitions: int | None = None,
    replication_factor: int = 0,
    namespace: str = "",
) -> list[str]:
    """Create the topics that do not exist yet; return the names created. Existing ones are left alone.
    ``replication_factor`` 0: what the cluster holds, up to three (see :func:`replication`)."""
    wanted = list(topics if topics is not None else all_topics())
    admin = admin_client(kafka)
    try:
        existing = set(answered(admin.list_topics))
        missing = [t for t in wanted if namespace + t.name not in existing]
        if missing:
            replicas, in_sync = replication(_brokers(admin, replication_factor), replication_factor)
            spec = {
                namespace + t.name: {
                    "num_partitions": partitions or t.partitions,
                    "replication_factor": replicas,
                    "configs": {**topic_configs(t), "min.insync.replicas": str(in_sync)},
                }
                for t in missing
            }
            try:
                answered(lambda: _create(kafka, spec))
            except TopicAlreadyExistsError:
                pass  # another process created them between our listing and our request
            except KafkaError as exc:
                raise StoreUnavailable(
                    f"could not create topics on {access(kafka).bootstrap}: {exc}"
                ) from exc
        return [namespace + t.name for t in missing]
    finally:
        admin.close()


def _create(kafka: KafkaConnection | str, spec: dict[str, dict[str, Any]]) -> None:
    """Create topics by a client of this attempt's own: a client told of a controller it has no address
    for (a cluster still forming) keeps both for its life, so asking it again fails again."""
    admin = admin_client(kafka)
    try:
        admin.create_topics(spec, wait_for_metadata=True, timeout_ms=30000)
    finally:
        admin.close()
