"""A tenant's gazetteer: imported from CSV, used by enrich at once for the places partners name."""

from __future__ import annotations

from pathlib import Path

from tests.support.payloads import weeks_ago
from tests.support.processes import run_embrace
from tests.support.system import System, auth

WEEK = weeks_ago(2)
CSV = """name;lat;lon;area
Lekplatsen vid Skolan;59,3321;18,0649;
Busshållplatsen Torget;59.3330;18.0600;okand
Någonstans;sextio;arton;
I Oslo;59.9139;10.7522;
"""


def test_places_are_imported_by_line_and_used_for_text_at_once(system: System, tmp_path: Path) -> None:
    key = system.add_partner("0180", "kommunen")
    gazetteer = tmp_path / "platser.csv"
    gazetteer.write_text(CSV, encoding="utf-8")
    # A second process, as an operator would run it beside the running system that owns the store.
    env, home = system.command_environment(), system.settings.home
    imported = run_embrace(home, "places", "import", str(gazetteer), "--tenant", "0180", env=env)
    assert imported.returncode == 0, imported.stderr
    out = imported.stdout
    assert "a running system owns" in out
    assert "1 new, 0 updated, 0 unchanged, 0 outside the tenants, 3 rejected" in out
    assert f"{gazetteer}:3: unknown area 'okand'" in out
    assert f"{gazetteer}:4: lat and lon must be numbers" in out
    assert f"{gazetteer}:5: 59.9139,10.7522 is not in Sweden" in out
    system.relay.drain()  # the running system publishes what the import queued

    text = {**WEEK.incident(), "location": {"address": "lekplatsen vid skolan"}}
    system.client.post("/v1/reports", json={"incidents": [text]}, headers=auth(key))
    system.relay.drain()
    assert system.warehouse.query(
        "SELECT location_precision, lat, lon, flags FROM {db}.current_incidents"
    ) == [("address", 59.3321, 18.0649, [])]
    again = run_embrace(home, "places", "import", str(gazetteer), "--tenant", "0180", env=env)
    assert "0 new, 0 updated, 1 unchanged" in again.stdout
