"""The weekly follow-up of interventions: the reporting service measures each one as the effect endpoint
does and puts it on the outbox; the aggregate service stores the latest measurement for Grafana."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from embrace.sqlstore.tables import OutboxMessage
from embrace.taxonomy import Taxonomy
from services.reporting.delivery.schedule import Scheduler
from tests.integration.reporting.effects.scenarios import seeded
from tests.support.payloads import steady_now
from tests.support.system import System, auth

STOCKHOLM = ZoneInfo("Europe/Stockholm")
STORED = """
SELECT intervention_id, measured_on, target_before, target_during, buffer_before, buffer_during,
comparison_before, comparison_during, wdd, standard_error, ci_low, ci_high, wdq, net_effect, verdict,
relative_effect, relative_low, relative_high, comparison_kind, comparison_places, comparison_fair
FROM {db}.intervention_effects FINAL WHERE intervention_id = {id:UUID}
"""


def scheduler(system: System) -> Scheduler:
    return Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), STOCKHOLM, None, "", {})


def queued(system: System) -> int:
    with system.sql_store.session() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage)) or 0


def test_each_intervention_is_measured_once_a_week_and_stored_as_the_api_answers(system: System) -> None:
    admin, interventions = seeded(system)
    ident = interventions["vandalism"]
    answer = system.client.get(f"/v1/interventions/{ident}/effect", headers=auth(admin)).json()
    now = steady_now(timedelta(hours=1))
    scheduler(system).run_due(now)
    system.relay.drain()
    assert system.warehouse.query("SELECT count() FROM {db}.intervention_effects FINAL") == [
        (len(interventions),)
    ]
    (row,) = system.warehouse.query(STORED, {"id": ident})
    assert str(row[0]) == ident
    assert row[1] == now.astimezone(STOCKHOLM).date()
    counts = answer["counts"]
    assert row[2:8] == (counts["target"]["before"], counts["target"]["during"], counts["buffer"]["before"],
                        counts["buffer"]["during"], counts["comparison"]["before"],
                        counts["comparison"]["during"])  # fmt: skip
    assert row[8:15] == (answer["wdd"], answer["standard_error"], *answer["confidence_interval"],
                         answer["wdq"], answer["net_effect"], answer["verdict"])  # fmt: skip
    relative = answer["relative_effect"]
    assert row[15:] == (relative["ratio"], *relative["interval"], "areas",
                        [p["id"] for p in answer["comparison"]["places"]], True)  # fmt: skip

    before = queued(system)
    scheduler(system).run_due(now + timedelta(hours=1))
    assert queued(system) == before  # the same week is not measured twice
    scheduler(system).run_due(now + timedelta(days=7))
    system.relay.drain()
    later = (now + timedelta(days=7)).astimezone(STOCKHOLM).date()
    assert [r[1] for r in system.warehouse.query(STORED, {"id": ident})] == [
        later
    ]  # the newer one replaces it

    archive = system.client.get("/v1/situation/archive", headers=auth(admin)).json()
    assert "effects" not in {run["kind"] for run in archive}  # a follow-up is not a report to read
