"""One bad record of each kind on the real broker: it becomes a dead letter and everything behind it flows.

The warehouse is the aggregate worker's own chDB store, prepared beforehand with constraints that refuse
rows named "POISON"; enrich and aggregate run as separate processes, as `embrace serve` runs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka import KafkaConsumer, KafkaProducer

from embrace.contracts import DeadLetter
from embrace.topics import dead_letters
from embrace.warehouse import Warehouse
from tests.support.kafka_pipeline import KafkaPipeline, http, wait_until
from tests.support.payloads import weeks_ago
from tests.support.poison import POISON, YEAR_206, Case, cases, refuse_poison

pytestmark = pytest.mark.kafka
WEEK = weeks_ago(2)


@pytest.fixture
def pipeline(tmp_path: Path, kafka_bootstrap: str, topic_namespace: str) -> Iterator[KafkaPipeline]:
    running = KafkaPipeline(tmp_path / "home", kafka_bootstrap, topic_namespace)
    store = Warehouse.connect(f"chdb://{running.home / 'clickhouse'}", "embrace")
    store.migrate()
    refuse_poison(store)  # the worker's migration keeps them: every statement is idempotent
    store.close()
    yield running
    running.stop_all()


def letters_of(stages: set[str], bootstrap: str, namespace: str, expected: int) -> list[DeadLetter]:
    consumer = KafkaConsumer(
        *(namespace + dead_letters(stage).name for stage in stages),
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        consumer_timeout_ms=2000,
    )
    found: list[DeadLetter] = []

    def all_there() -> bool:
        found.extend(DeadLetter.model_validate_json(m.value) for m in consumer)
        return len(found) >= expected

    wait_until(all_there, timeout=90)
    consumer.close()
    return found


def test_poison_of_every_kind_is_dead_lettered_and_everything_behind_it_is_counted(
    pipeline: KafkaPipeline, kafka_bootstrap: str, topic_namespace: str
) -> None:
    key = pipeline.partner()
    pipeline.start_all("enrich", "aggregate", "ingest")
    every = cases()
    publish_each_poison_before_its_good_neighbour(every, kafka_bootstrap, topic_namespace)
    # and a partner's report through the front door, after all of them
    assert http(pipeline.url("ingest", "/v1/reports"), key, WEEK.three_incidents())[0] == 202

    def counted() -> int:
        status, stats = http(pipeline.url("aggregate", f"/v1/stats/weekly?week={WEEK.label}"), key)
        return int(stats["incidents"]) if status == 200 else -1

    assert wait_until(lambda: counted() == 3, timeout=120), counted()
    stages = {stage for case in every for stage in case.stages}
    letters = letters_of(stages, kafka_bootstrap, topic_namespace, sum(len(c.stages) for c in every))
    assert len(letters) == sum(len(case.stages) for case in every)
    for case in every:
        for stage in case.stages:
            assert any(case.reason in letter.reason for letter in letters_for(case, stage, letters)), (
                case.kind,
                stage,
            )
    assert any(letter.original == YEAR_206.value for letter in letters)

    _, ready = http(pipeline.url("aggregate", "/readyz"), key)
    assert ready["checks"]["pipeline"] is True
    assert pipeline.stop("aggregate") == 0, pipeline.last_words("aggregate")
    the_good_are_stored_the_poison_is_not(pipeline, every, len(letters))


def publish_each_poison_before_its_good_neighbour(every: list[Case], bootstrap: str, namespace: str) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    for case in every:  # each poison straight onto its topic, its good neighbour right behind it
        for record in (case.poison, case.good):
            producer.send(namespace + record.topic, key=record.key, value=record.value)
    producer.flush()
    producer.close()


def letters_for(case: Case, stage: str, letters: list[DeadLetter]) -> list[DeadLetter]:
    """The stage's dead letters of the case: a sink of a derived topic holds the derived message (the
    enriched incident), not the poison itself."""
    return [letter for letter in letters if letter.stage == stage
            and (letter.original == case.poison.value or POISON in str(letter.original))]  # fmt: skip


def the_good_are_stored_the_poison_is_not(pipeline: KafkaPipeline, every: list[Case], letters: int) -> None:
    store = Warehouse.connect(f"chdb://{pipeline.home / 'clickhouse'}", "embrace")
    try:
        for case in every:
            [(kept,)] = store.query(f"SELECT count() FROM {{db}}.{case.table} FINAL WHERE {case.good_key}")
            assert kept == 1, case.kind
            [(poisoned,)] = store.query(
                f"SELECT count() FROM {{db}}.{case.table} WHERE position(toString(tuple(*)), '{POISON}') > 0"
            )
            assert poisoned == 0, case.kind
        [(tabled,)] = store.query("SELECT count() FROM {db}.dead_letters FINAL")
        assert tabled == letters
    finally:
        store.close()
