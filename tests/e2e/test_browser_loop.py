"""A coordinator and a partner run the working loop in a real browser: the coordinator maps a problem and
records its causes on a desktop, holds the weekly meeting and gives two organisations tasks; the partner
marks its task done on a phone; the next agenda shows it, and the partner's feedback page shows the
problem and the decision."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from embrace import weeks
from embrace.weeks import shift
from tests.support.browser import VIEWPORTS, shot
from tests.support.network import free_port
from tests.support.processes import Process, embrace_command, embrace_here

pytestmark = pytest.mark.browser
PASSWORD = "trygg-i-kvarteret-2026"
CHAIR, PARTNER = "eva@kommunen.se", "ali@bostaden.se"


def add(home: Path, org: str, kind: str, email: str, role: str) -> None:
    embrace_here(home, "orgs", "add", "--tenant", "0180", "--id", org, "--name", org.title(), "--kind", kind)
    name = email.split("@", 1)[0].title()
    embrace_here(home, "users", "add", "--org", org, "--email", email, "--name", name, "--role", role,
                 stdin=PASSWORD + "\n")  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("loop") / "home"
    embrace_here(home, "tenants", "add", "0180", "Stockholms stad")
    add(home, "kommunen", "municipality", CHAIR, "admin")
    add(home, "bostaden", "housing", PARTNER, "reporter")
    port = free_port()
    process = Process([*embrace_command(), "run", "--home", str(home), "--port", str(port)])
    process.wait_for("EMBRACE is running")
    yield f"http://127.0.0.1:{port}"
    assert process.stop() == 0


def signed_in(browser: Browser, base: str, viewport: str, email: str) -> Page:
    page = browser.new_context(**VIEWPORTS[viewport], locale="sv-SE").new_page()
    page.goto(base + "/app/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/app/report")
    return page


def test_a_coordinator_and_a_partner_run_the_loop(base: str, browser: Browser) -> None:
    this_week = weeks.this_week()
    chair = signed_in(browser, base, "desktop", CHAIR)
    the_chair_maps_a_problem_and_its_causes(chair, base)
    the_meeting_gives_two_organisations_tasks(chair, base, this_week)
    partner = signed_in(browser, base, "phone", PARTNER)
    the_partner_marks_its_own_task_done(partner, base)
    chair.goto(base + f"/app/meeting?week={shift(this_week, 1)}")
    first = chair.locator("section").first
    assert "Bostaden" in first.inner_text()  # the organisation by its name
    assert "klar" in first.inner_text()
    shot(chair, "desktop", "loop-4-next-agenda")
    partner.goto(base + "/app/feedback")
    text = partner.content()
    assert "Grupper som stör vid torget, kvällar" in text
    assert "Förstärk kvällsnärvaron vid torget" in text
    shot(partner, "phone", "loop-5-feedback")


def the_chair_maps_a_problem_and_its_causes(chair: Page, base: str) -> None:
    chair.goto(base + "/app/problems")
    chair.fill("#title", "Grupper som stör vid torget, kvällar")
    chair.select_option("#category", ["disturbing_groups"])
    chair.fill("#hours", "18-23")
    chair.click("form.new button[type=submit]")
    chair.wait_for_url("**/app/problems/*")
    chair.fill("#place", "Mörk passage utan insyn")
    chair.fill("#guardian", "Ingen vuxen närvaro på kvällen")
    chair.click("text=Spara orsakerna")
    assert chair.locator(".steps li.now").inner_text() == "2. analys"
    shot(chair, "desktop", "loop-1-problem")


def the_meeting_gives_two_organisations_tasks(chair: Page, base: str, this_week: str) -> None:
    chair.goto(base + "/app/meeting")
    chair.fill("#decision", "Förstärk kvällsnärvaron vid torget")
    chair.select_option("#problem", label="Grupper som stör vid torget, kvällar")
    chair.select_option("#organisation0", "bostaden")
    chair.fill("#task0", "Byt belysning i passagen")
    chair.select_option("#organisation1", "kommunen")
    chair.fill("#task1", "Fältassistenter fredag kväll")
    chair.click("text=Spara")
    chair.wait_for_url(f"**/app/meeting?week={this_week}")
    assert "Byt belysning i passagen" in chair.content()
    shot(chair, "desktop", "loop-2-meeting")


def the_partner_marks_its_own_task_done(partner: Page, base: str) -> None:
    partner.goto(base + "/app/tasks")
    assert partner.locator("article.task").count() == 1  # its own only
    partner.fill("input[name=note]", "Nya armaturer uppsatta")
    partner.click("button[value=done]")
    partner.wait_for_url("**/app/tasks")
    assert partner.locator(".status-done").count() == 1
    shot(partner, "phone", "loop-3-task-done")
