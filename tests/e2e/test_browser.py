"""A person reports in a real browser: Debian's chromium, driven by Playwright, against `embrace run`."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.support.browser import VIEWPORTS, shot
from tests.support.network import free_port
from tests.support.processes import Process, embrace_command, embrace_here
from tests.support.system import auth

pytestmark = pytest.mark.browser
EMAIL = "anna@demostad.se"
PASSWORD = "trygg-i-kvarteret-2026"


@dataclass
class Running:
    base: str
    key: str
    process: Process


def prepare_home(home: Path) -> str:
    """A tenant, an organisation, a person to log in as; the organisation's API key."""
    embrace_here(home, "tenants", "add", "0180", "Stockholms stad")
    embrace_here(home, "orgs", "add", "--tenant", "0180", "--id", "stadsdelen",
                 "--name", "Stadsdelsförvaltningen", "--kind", "municipality")  # fmt: skip
    embrace_here(home, "users", "add", "--org", "stadsdelen", "--email", EMAIL, "--name", "Anna",
                 stdin=PASSWORD + "\n")  # fmt: skip
    return embrace_here(home, "keys", "create", "--org", "stadsdelen").splitlines()[0]


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    home = tmp_path_factory.mktemp("browser") / "home"
    key = prepare_home(home)
    port = free_port()
    # A map library that cannot load: the form must work without it.
    env = {"EMBRACE_MAP_SCRIPT_URL": f"http://127.0.0.1:{free_port()}/leaflet.js"}
    process = Process([*embrace_command(), "run", "--home", str(home), "--port", str(port)], env=env)
    process.wait_for("EMBRACE is running")
    yield Running(f"http://127.0.0.1:{port}", key, process)
    assert process.stop() == 0


def api(running: Running, path: str) -> Any:
    request = urllib.request.Request(running.base + path, headers=auth(running.key))
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def add_incident(page: Page, category: str, day: str, **how: str) -> None:
    page.select_option("#category", category)
    page.fill("#date", day)
    if "time" in how:
        page.fill("#time", how["time"])
    if "part" in how:
        page.check(f"input[name=part][value={how['part']}]")
    if "address" in how:
        page.fill("#address", how["address"])
    if "description" in how:
        page.fill("#description", how["description"])
    if "lat" in how:
        page.click("details.coordinates summary")
        page.fill("#lat", how["lat"])
        page.fill("#lon", how["lon"])
    page.click("form[action='/app/report/incidents'] button[type=submit]")
    page.wait_for_url("**/app/report?added=1*")


@pytest.mark.parametrize(("viewport", "javascript"), [("phone", False), ("desktop", True)])
def test_a_person_reports_three_incidents_and_finds_them_stored(
    running: Running, browser: Browser, viewport: str, javascript: bool
) -> None:
    context = browser.new_context(**VIEWPORTS[viewport], java_script_enabled=javascript, locale="sv-SE")
    page = context.new_page()
    page.goto(running.base + "/app/report")
    shot(page, viewport, "1-login")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/app/report")
    shot(page, viewport, "2-report")
    day = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
    add_incident(
        page, "graffiti", day, part="night", address="Storgatan 1", description="Klotter på skolans vägg"
    )
    add_incident(page, "littering", day, time="14:30", address="Parken vid torget")
    add_incident(page, "disturbing_groups", day, part="evening", lat="59.3293", lon="18.0686")
    assert page.locator("#draft ol.incidents > li").count() == 3
    shot(page, viewport, "3-draft")
    page.click("a[href='/app/report/review']")
    shot(page, viewport, "4-review")
    page.click("form[action='/app/report/submit'] button")
    page.wait_for_url("**/app/reports?week=*&sent=*")
    assert "Tack! Rapporten är mottagen." in page.content()
    shot(page, viewport, "5-sent")
    report_id = page.url.split("sent=")[1]
    stored = api(running, f"/v1/reports/{report_id}")
    assert [i["category"] for i in stored["incidents"]] == ["graffiti", "littering", "disturbing_groups"]
    assert stored["incidents"][2]["location"]["point"] == {"lat": 59.3293, "lon": 18.0686}
    page.goto(running.base + "/app/interventions")
    shot(page, viewport, "6-interventions")
    context.close()
    # Counted in ClickHouse: as many of each as this system has been sent (the tests of this module may
    # share a system or run on separate test workers, each with its own).
    year, week, _ = (datetime.now(UTC) - timedelta(days=2)).isocalendar()
    counted = api(running, f"/v1/stats/weekly?week={year}-W{week:02d}")["by_category"]
    assert set(counted) == {"graffiti", "littering", "disturbing_groups"}
    assert len(set(counted.values())) == 1


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Leaflet from the npm registry, as a deployment would install it at build time (never committed)."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm not found: the map test installs Leaflet from the npm registry", pytrace=False)
    folder = tmp_path_factory.mktemp("leaflet")
    subprocess.run(
        [npm, "install", "--silent", "--prefix", str(folder), "leaflet@1.9"], check=True, timeout=300
    )
    return folder / "node_modules" / "leaflet" / "dist"


def test_a_map_pin_sets_the_coordinates_when_a_map_library_loads(
    leaflet: Path, browser: Browser, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    prepare_home(home)
    port = free_port()
    env = {
        "EMBRACE_MAP_ASSETS_DIR": str(leaflet),
        "EMBRACE_MAP_SCRIPT_URL": "/static/map/leaflet.js",
        "EMBRACE_MAP_STYLESHEET_URL": "/static/map/leaflet.css",
        "EMBRACE_MAP_TILES_URL": f"http://127.0.0.1:{free_port()}/{{z}}/{{x}}/{{y}}.png",  # no tiles offline
    }
    process = Process([*embrace_command(), "run", "--home", str(home), "--port", str(port)], env=env)
    process.wait_for("EMBRACE is running")
    try:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"http://127.0.0.1:{port}/app/report")
        page.fill("#email", EMAIL)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.click("details.coordinates summary")
        page.wait_for_selector("#map:not([hidden])")
        box = page.locator("#map").bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        latitude, longitude = float(page.input_value("#lat")), float(page.input_value("#lon"))
        assert 55 < latitude < 69
        assert 10 < longitude < 25
        shot(page, "phone", "7-map-pin")
        page.close()
    finally:
        assert process.stop() == 0
