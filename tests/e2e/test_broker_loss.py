"""On three brokers, with two enrich workers and two aggregate workers, each pair in one consumer group,
the aggregate workers writing one warehouse (the embedded store shared by `embrace warehouse share`):
reports posted over HTTP (some twice, with the same Idempotency-Key), reports in an integrator's inbox
(read by pattern, the inboxes' group shared by the two enrich workers), a raw report published twice and
malformed messages; one broker killed for good, then one worker of each kind killed for good. Every
acknowledged report is counted exactly once and every malformed message is one dead letter, kept once by
the warehouse."""

from __future__ import annotations

import json
import signal
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer

from embrace.bus.kafka_connection import KafkaConnection
from embrace.bus.topic_admin import ensure_topics
from embrace.codec import encode
from embrace.contracts import IncidentReport
from embrace.inboxes import inbox
from embrace.topics import INCIDENT_REPORTS
from services.cli.kafka import broker
from tests.support.builders import incident, report
from tests.support.kafka import own_kafka
from tests.support.kafka_pipeline import KafkaPipeline, wait_until
from tests.support.pipeline_traffic import BASE, counted, malformed_messages, reports, stored
from tests.support.pipeline_watch import (
    AGGREGATE_DOWN,
    Progress,
    backlog,
    dead,
    handled,
    holders,
    summed,
)
from tests.support.shortfall import unread_inbox, where_groups_stand

pytestmark = pytest.mark.kafka
POSTED, EACH = 80, 10
TWICE = range(0, POSTED, 10)  # these are posted again with the same key, as a client that retries
INBOX = 40  # reports an integrator publishes to its inbox


@pytest.fixture
def cluster(kafka_bootstrap: str) -> Iterator[Path]:
    with own_kafka(nodes=3) as (base, _):  # a node is killed
        yield base


@pytest.fixture
def pipeline(cluster: Path, tmp_path: Path, topic_namespace: str) -> Iterator[KafkaPipeline]:
    bootstrap = broker.Broker(cluster).access().bootstrap
    running = KafkaPipeline(tmp_path / "home", bootstrap, topic_namespace)
    yield running
    running.stop_all()


def post(pipeline: KafkaPipeline, key: str, body: dict[str, Any], idempotency: str) -> int:
    request = urllib.request.Request(
        pipeline.url("ingest", "/v1/reports"), data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json",
                 "Idempotency-Key": idempotency},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def post_all(pipeline: KafkaPipeline, key: str, bodies: list[dict[str, Any]], statuses: list[int]) -> None:
    """Post each report, some twice with the same key, keeping the answers' statuses."""
    for n, body in enumerate(bodies):
        statuses.append(post(pipeline, key, body, f"report-{n}"))
        if n in TWICE:
            statuses.append(post(pipeline, key, body, f"report-{n}"))


def lose_a_broker_then_a_worker_of_each_kind(pipeline: KafkaPipeline, cluster: Path, key: str) -> None:
    """One broker killed for good; later one worker of each kind killed, and not started again: the other
    takes its partitions over."""
    assert wait_until(lambda: counted(pipeline, key) > 200, timeout=120)
    broker.Broker(cluster).nodes()[1].stop(kill=True)  # not started again
    assert wait_until(lambda: counted(pipeline, key) > 500, timeout=180), short_of(pipeline, key)
    shares = {name: handled(pipeline, name) for name in ("enrich", "enrich-2", "aggregate", "aggregate-2")}
    assert min(shares.values()) > 0, f"a worker was given no work: {shares}\n{pipeline.tails(40)}"
    assert pipeline.stop("enrich-2", signal.SIGKILL) == -signal.SIGKILL
    assert pipeline.stop("aggregate-2", signal.SIGKILL) == -signal.SIGKILL


def start_two_of_each(pipeline: KafkaPipeline, access: KafkaConnection, namespace: str) -> None:
    """Two workers of each kind, the aggregate workers writing the shared warehouse; until both members
    of each group hold partitions, since the input is read within seconds."""
    pipeline.share_warehouse()
    pipeline.start_all("ingest", "enrich", "enrich-2", "aggregate", "aggregate-2")
    for group in ("embrace-enrich", "embrace-aggregate"):
        assert wait_until(lambda g=group: holders(access, namespace + g) == 2, timeout=60), group


def direct(n: int) -> IncidentReport:
    """A report of one incident as an integrator publishes it, straight onto Kafka."""
    at = BASE + timedelta(days=19, minutes=n)
    return report(incident(at=at), tenant="0180", organisation="kommunen", occurred=datetime.now(UTC))


def test_one_broker_lost_for_good_and_workers_killed_lose_nothing_and_double_nothing(
    pipeline: KafkaPipeline, cluster: Path, topic_namespace: str
) -> None:
    key = pipeline.partner()
    access = broker.Broker(cluster).access()
    mailbox = topic_namespace + inbox("0180", "kommunen").name
    ensure_topics(access, [inbox("0180", "kommunen")], namespace=topic_namespace)
    start_two_of_each(pipeline, access, topic_namespace)
    bodies = list(reports(POSTED, EACH))
    raw, from_inbox = encode(direct(0)), [direct(n) for n in range(1, INBOX + 1)]
    expected = POSTED * EACH + 1 + INBOX
    progress = Progress(pipeline, key, expected)
    statuses: list[int] = []
    poster = threading.Thread(target=post_all, args=(pipeline, key, bodies, statuses))
    poster.start()
    producer = KafkaProducer(**access.client_options(), acks="all")
    raw_ones = [(b"raw", message) for message in (raw, *malformed_messages(), raw)]
    publish(producer, topic_namespace + INCIDENT_REPORTS.name, raw_ones)
    placed = publish(producer, mailbox, by_id(from_inbox[: INBOX // 2]))
    lose_a_broker_then_a_worker_of_each_kind(pipeline, cluster, key)
    # The living enrich worker takes these over.
    placed |= publish(producer, mailbox, by_id(from_inbox[INBOX // 2 :]))
    poster.join(300)
    assert set(statuses) <= {200, 202}, statuses
    assert len(statuses) == POSTED + len(TWICE)
    assert wait_until(lambda: counted(pipeline, key) >= expected, timeout=180), (
        f"{short_of(pipeline, key)}\n{unread_inbox(pipeline, access, topic_namespace, placed)}"
    )
    stall = progress.longest_stall()
    print(f"longest stall of the count while work was due: {stall:.1f} s")
    rereads = {w: summed(pipeline, w, "embrace_partition_rereads_total") for w in ("enrich", "aggregate")}
    print("partitions read again:", rereads, *pipeline.said("reading again"), sep="\n")

    letters = dead(access, topic_namespace, len(malformed_messages()))
    producer.close()
    assert sorted(letter.original for letter in letters.values()) == sorted(malformed_messages())
    assert wait_until(lambda: counted(pipeline, key) == expected, timeout=5)
    expected += whole_cluster_down_and_back(pipeline, cluster, key)
    assert wait_until(lambda: counted(pipeline, key) == expected, timeout=180), (
        f"{short_of(pipeline, key)}\n{where_groups_stand(access)}"
    )
    assert pipeline.stop("aggregate") == 0, pipeline.last_words("aggregate")
    current, distinct, reasons = stored(pipeline)
    assert (current, distinct, len(reasons)) == (expected, expected, len(letters))
    assert stall < 120


def publish(
    producer: KafkaProducer, topic: str, records: list[tuple[bytes, bytes]]
) -> dict[str, tuple[int, int]]:
    """Publish as an integrator does, and know that Kafka took each: a send the cluster let time out is
    the test's loss, not the platform's. Where each went, by key: (partition, offset)."""
    sent = [(key, producer.send(topic, key=key, value=value)) for key, value in records]
    producer.flush()
    placed = {}
    for key, future in sent:
        taken = future.get(timeout=1)  # done by now: raises what the cluster answered a send it did not take
        placed[key.decode()] = (taken.partition, taken.offset)
    return placed


def by_id(sent: list[IncidentReport]) -> list[tuple[bytes, bytes]]:
    """Reports as an integrator publishes them: keyed by their event ids."""
    return [(str(report.event_id).encode(), encode(report)) for report in sent]


def short_of(pipeline: KafkaPipeline, key: str) -> str:
    try:
        seen: int | str = counted(pipeline, key)
    except AGGREGATE_DOWN as exc:
        seen = f"nothing ({exc})"
    return f"counted {seen}; the workers' last lines:\n{pipeline.tails()}"


def whole_cluster_down_and_back(pipeline: KafkaPipeline, cluster: Path, key: str) -> int:
    """With every broker stopped, reports are still accepted into the outbox, and published when the
    cluster is back (the workers go on from there); the incidents they add."""
    broker.stop(cluster)
    bodies = list(reports(5, EACH))  # new reports, at the times of the first five
    accepted = [post(pipeline, key, body, f"while-down-{n}") for n, body in enumerate(bodies)]
    assert accepted == [202] * 5
    assert backlog(pipeline) == 5
    broker.start(cluster, brokers=3)
    assert wait_until(lambda: backlog(pipeline) == 0, timeout=120)
    return 5 * EACH
