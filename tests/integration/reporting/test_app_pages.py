"""The web app's Lägesbild: a signed-in partner reads the tenant's latest weekly report and its archive;
the quarterly analysis is for analysts and admins; without a session, the login comes first."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from embrace.taxonomy import Taxonomy
from services.reporting.delivery.schedule import Scheduler
from tests.support.payloads import weeks_ago
from tests.support.system import System, log_in


def test_a_partner_reads_the_latest_report_and_the_archive(system: System) -> None:
    key = system.add_partner("0180", "kommunen")
    last = weeks_ago(1)
    sent = system.client.post("/v1/reports", json={"incidents": [last.incident("graffiti")] * 4},
                              headers={"X-API-Key": key})  # fmt: skip
    assert sent.status_code == 202
    system.relay.drain()
    Scheduler(system.sql_store, system.warehouse, Taxonomy.load(), ZoneInfo("Europe/Stockholm"), None, "",
              {}).run_due(datetime.now(UTC))  # fmt: skip
    assert system.client.get("/app/lagesbild", follow_redirects=False).headers["location"] == (
        "/app/login?next=/app/lagesbild"
    )
    log_in(system.client, "anna@kommun.se", system.add_person("0180", "kommunen", "anna@kommun.se"))
    page = system.client.get("/app/lagesbild")
    assert page.status_code == 200
    assert "Lägesbild vecka" in page.text
    assert '<a href="/app/lagesbild?week=' in page.text  # the archive
    assert '<header class="top">' in page.text  # in the web app's frame
    assert "Logga ut" in page.text
    assert 'href="/app/lagesbild" aria-current="page"' in page.text
    assert "Kvartalsanalys" not in page.text  # a reporter is offered no quarterly analysis
    refused = system.client.get("/app/lagesbild/kvartal", headers={"Accept": "text/html"})
    assert refused.status_code == 403
    assert '<header class="top">' in refused.text  # said in the web app's frame
    assert system.client.get("/app/lagesbild?week=0000-W01").status_code == 422  # a week that never was


def test_an_analyst_reads_the_quarterly_analysis(system: System) -> None:
    password = system.add_person("0180", "kommunen", "eva@kommun.se", role="analyst")
    log_in(system.client, "eva@kommun.se", password)
    page = system.client.get("/app/lagesbild/kvartal?quarter=2026-Q2")
    assert page.status_code == 200
    assert "Kvartalsanalys 2026-Q2" in page.text
