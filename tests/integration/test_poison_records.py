"""One bad record never stops the pipeline: in the embedded run, through the outbox, on the real chDB."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from embrace.settings import Settings
from embrace.sqlstore.outbox import enqueue
from embrace.sqlstore.tables import OutboxMessage
from embrace.topics import INTERVENTIONS
from tests.support.payloads import weeks_ago
from tests.support.poison import POISON, YEAR_206, cases, intervention, refuse_poison
from tests.support.system import System, auth, embedded_system

WEEK = weeks_ago(2)


@pytest.fixture
def system(settings: Settings) -> Iterator[System]:
    with embedded_system(settings) as assembled:
        refuse_poison(assembled.warehouse)
        yield assembled


def dead_letters(system: System) -> list[tuple[Any, ...]]:
    return system.warehouse.query(
        "SELECT stage, reason, original FROM {db}.dead_letters FINAL ORDER BY stage"
    )


def test_the_intervention_of_year_206_is_refused_at_the_edge_naming_the_field(system: System) -> None:
    key = system.add_partner("0180", "kommunen")
    plan = {"title": "x", "kind": "safety_walk", "place": {"area_id": "centrum"}, "start": "0206-11-30"}
    answer = system.client.post("/v1/interventions", json=plan, headers=auth(key))
    assert answer.status_code == 422
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [("start", "date_range")]


def test_reports_behind_a_poison_record_in_the_outbox_are_counted_and_the_poison_is_a_dead_letter(
    system: System,
) -> None:
    key = system.add_partner("0180", "kommunen")
    with system.sql_store.session() as session:  # as an earlier release accepted it
        enqueue(session, [YEAR_206])
    accepted = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key))
    assert accepted.status_code == 202
    system.relay.drain()
    counted = system.client.get(f"/v1/stats/weekly?week={WEEK.label}", headers=auth(key)).json()
    assert counted["incidents"] == 3
    [(stage, reason, original)] = dead_letters(system)
    assert stage == "sink-interventions"
    assert "start: must lie in the years 1970-2099" in reason
    assert original == YEAR_206.value.decode()
    with system.sql_store.session() as session:
        assert session.scalars(select(OutboxMessage)).all() == []  # each published, and none kept


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.kind)
def test_a_poison_record_of_each_kind_is_a_dead_letter_and_its_neighbour_is_kept(
    system: System, case: Any
) -> None:
    with system.sql_store.session() as session:
        enqueue(session, [case.poison, case.good])
    system.relay.drain()
    [(count,)] = system.warehouse.query(
        f"SELECT count() FROM {{db}}.{case.table} FINAL WHERE {case.good_key}"
    )
    assert count == 1
    letters = [(stage, reason) for stage, reason, _ in dead_letters(system)]
    assert tuple(stage for stage, _ in letters) == case.stages
    assert all(case.reason in reason for _, reason in letters)
    [(poisoned,)] = system.warehouse.query(
        f"SELECT count() FROM {{db}}.{case.table} WHERE position(toString(tuple(*)), '{POISON}') > 0"
    )
    assert poisoned == 0


def test_a_batch_the_store_refuses_for_one_row_keeps_its_good_neighbours(system: System) -> None:
    plans = [intervention(f"Insats {n}") for n in range(9)]
    plans.insert(4, intervention(POISON))
    system.bus.publish([INTERVENTIONS.record(p) for p in plans])  # one delivery, one sink batch of ten
    titles = {title for (title,) in system.warehouse.query("SELECT title FROM {db}.interventions FINAL")}
    assert titles == {f"Insats {n}" for n in range(9)}
    [(stage, reason, _)] = dead_letters(system)
    assert stage == "sink-interventions"
    assert reason.startswith("store refused:")
    assert "refuse_poison" in reason


def test_readiness_and_a_metric_tell_of_a_pipeline_that_does_not_advance(settings: Settings) -> None:
    stalled = settings.model_copy(update={"stall_seconds": 0.5})
    with embedded_system(stalled) as system:
        key = system.add_partner("0180", "kommunen")
        assert system.client.get("/readyz").status_code == 200
        # The relay thread is not running in these tests: the accepted report waits in the outbox.
        system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key))
        time.sleep(0.7)
        waiting = system.client.get("/readyz")
        assert (waiting.status_code, waiting.json()["checks"]["pipeline"]) == (503, False)
        metrics = system.client.get("/metrics").text
        oldest = next(
            line for line in metrics.splitlines() if line.startswith("embrace_outbox_oldest_seconds")
        )
        assert float(oldest.split()[-1]) >= 0.5
        system.relay.drain()
        assert system.client.get("/readyz").status_code == 200
