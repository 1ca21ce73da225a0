"""The demo municipality goes in through the front door: outbox, relay, pipeline, warehouse; the story
planted in it is found by the same tests as real data; and its pages read in the app's language."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

import h3

from embrace.messages import VERDICTS
from embrace.settings import Settings
from embrace.weeks import shift, this_week
from services.cli.demo.history import STATION_SQUARE, WEEKS
from services.cli.demo.seed import DEMO_TENANT, DEMO_USER, seed_demo
from services.reporting.meetings.agenda import weekly_agenda
from services.reporting.quarterly.emerging_areas import emerging_by_area
from services.reporting.stats.weekly import weekly_stats
from services.reporting.weekly.report import weekly_report
from tests.support.system import embedded_system, log_in

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_the_demo_seeds_areas_partners_weeks_of_incidents_and_interventions(settings: Settings) -> None:
    with embedded_system(settings) as system:
        seeded = seed_demo(system.sql_store, NOW)
        system.relay.drain()
        counts = {
            table: system.warehouse.query(f"SELECT count() FROM {{db}}.{table} FINAL")[0][0]
            for table in ("areas", "interventions", "report_versions")
        }
        assert counts == {"areas": 4, "interventions": 3, "report_versions": 4 * WEEKS}
        weeks = [weekly_stats(system.warehouse, DEMO_TENANT, f"2026-W{n}") for n in range(42, 48)]
        assert all(week.incidents > 0 for week in weeks)
        assert {"municipality", "housing", "security", "police"} == {s for w in weeks for s in w.by_source}
        assert seeded.seeded
        tasks = system.warehouse.query("SELECT status, count() FROM {db}.tasks GROUP BY status ORDER BY 1")
        assert tasks == [("done", 1), ("open", 3)]  # the versions: one task was done, after being open
        assert system.warehouse.query("SELECT count() FROM {db}.dead_letters")[0][0] == 0


def test_running_the_demo_again_keeps_the_data_and_hands_out_a_new_key(settings: Settings) -> None:
    with embedded_system(settings) as system:
        first = seed_demo(system.sql_store, NOW)
        again = seed_demo(system.sql_store, NOW)
        loop = 2 + 2 + 4 + 4  # versions of the two problems, meetings, versions of tasks
        registry = 1 + 4  # the tenant and its organisations, by name
        assert system.relay.drain() == 4 * WEEKS + 4 + 3 + loop + registry
        assert (again.seeded, again.api_key != first.api_key) == (False, True)
        answer = system.client.get("/v1/stats/weekly?week=2026-W47", headers={"X-API-Key": again.api_key})
        assert answer.json()["incidents"] > 0


def test_the_gathering_planted_by_the_station_is_a_hot_spot_and_an_emerging_one(settings: Settings) -> None:
    with embedded_system(settings) as system:
        key = {"X-API-Key": seed_demo(system.sql_store, NOW).api_key}
        system.relay.drain()
        station = set(h3.grid_disk(h3.latlng_to_cell(*STATION_SQUARE, 8), 1))
        tested = system.client.get("/v1/hotspots?from=2026-W44&to=2026-W47", headers=key).json()["cells"]
        assert station & {c["cell"] for c in tested if c["kind"] == "hot"}
        year = system.client.get("/v1/hotspots/emerging?to=2026-W47&weeks=60", headers=key).json()
        assert (year["from"], year["weeks"]) == (shift("2026-W47", 1 - WEEKS), WEEKS)  # from the demo's first
        emerging = system.client.get("/v1/hotspots/emerging?to=2026-W47", headers=key).json()  # 12 weeks
        found = {c["pattern"] for c in emerging["cells"] if c["cell"] in station}
        assert found & {"new", "consecutive", "intensifying"}, emerging["cells"]
        focus = system.client.get("/v1/situation/weekly?week=2026-W47", headers=key).json()["focus"]
        assert focus["hotspots"][0]["area"] == "stationsomradet"  # a place a partner knows by name
        assert focus["areas"][0]["area"] == focus["cells"][0]["area"] == "stationsomradet"
        quarter = emerging_by_area(system.sql_store, system.warehouse, DEMO_TENANT, "2026-Q4", NOW.date())
        by_area = {a["area"]: set(a["patterns"]) for a in quarter["areas"]}
        assert by_area["stationsomradet"] & {"new", "consecutive", "intensifying"}, by_area  # the station's


def test_a_problem_page_follows_up_in_the_app_s_language_whatever_the_browser_asks(
    settings: Settings,
) -> None:
    with embedded_system(settings) as system:
        password = seed_demo(system.sql_store, NOW).password
        system.relay.drain()
        log_in(system.client, DEMO_USER, password)
        english = {"Accept-Language": "en-US,en;q=0.9"}  # as many browsers in Sweden send
        listed = system.client.get("/app/problems").text.split("Avslutade")[0]  # the open one
        [link] = set(re.findall(r'href="(/app/problems/[0-9a-f-]{36})"', listed))
        page = system.client.get(link, headers=english).text
        assert "4. Uppföljning" in page
        assert any(said["sv"] in page for said in VERDICTS.values())
        assert not any(said["en"] in page for said in VERDICTS.values())


def test_the_weekly_meeting_names_what_was_notable_in_words(settings: Settings) -> None:
    """Seeded now, as `make demo` is: the spike alerts are settled by the clock's weeks."""
    with embedded_system(settings) as system:
        password = seed_demo(system.sql_store).password
        system.relay.drain()
        log_in(system.client, DEMO_USER, password)
        meeting = this_week()
        page = system.client.get(f"/app/meeting?week={meeting}").text  # it looks at the demo's last week
        notable = page.split("2. Anmärkningsvärda")[1].split("<h2>3.")[0]
        planted = "<li>Grupper som stör ordningen i Stationsområdet: 7 händelser vecka "
        assert planted + shift(meeting, -1) in notable
        assert "disturbing_groups" not in notable  # categories by their names, as in the weekly report
        assert "<td>Demovakt Säkerhet (demo)</td>" in page  # organisations too, not their ids
        assert ">demovakt<" not in page
        assert page.count("Boka fältassistenter till helgen") == 1  # given last meeting: shown once
        report = weekly_report(system.warehouse, DEMO_TENANT, shift(meeting, -1))
        busy = replace(report, totals={**report.totals, "flag": "notable"})
        with system.sql_store.session() as session:
            [total, *_] = weekly_agenda(session, system.warehouse, busy, meeting)["notable"]
        assert (total["dimension"], total["last_week"]) == ("all", report.totals["last_week"])


def test_the_lagesbild_names_areas_and_partners_as_people_know_them(settings: Settings) -> None:
    with embedded_system(settings) as system:
        password = seed_demo(system.sql_store, NOW).password
        system.relay.drain()
        log_in(system.client, DEMO_USER, password)
        weekly = system.client.get("/app/lagesbild?week=2026-W47").text
        assert "<td>Stationsområdet</td>" in weekly
        assert "Demobostäder AB (demo), Demoköpings kommun (demo)" in weekly  # who reported the week
        assert not re.search(r">\s*(stationsomradet|parkstaden|demobostader|demovakt)\b", weekly)
        assert "· Parkstaden" in system.client.get("/app/interventions").text
