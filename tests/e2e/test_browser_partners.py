"""A municipality's administrator brings a new partner aboard in a real browser: adds the organisation and
a person on the Partner page, and hands over the first password; the person signs in with it on a phone,
changes it, and signs in with the new one. On a desktop the administrator's top bar, which has every
link, keeps them on one row beside the brand in either language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.support.browser import VIEWPORTS, shot
from tests.support.network import free_port
from tests.support.processes import Process, embrace_command, embrace_here

pytestmark = pytest.mark.browser
ADMIN, PASSWORD = "eva@kommunen.se", "trygg-i-kvarteret-2026"
NEWCOMER, HER_OWN = "sara@tryggagatan.se", "mitt-eget-losenord-2026"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("partners") / "home"
    embrace_here(home, "tenants", "add", "0180", "Stockholms stad")
    embrace_here(home, "orgs", "add", "--tenant", "0180", "--id", "kommunen", "--name", "Stockholms stad",
                 "--kind", "municipality")  # fmt: skip
    embrace_here(home, "users", "add", "--org", "kommunen", "--email", ADMIN, "--name", "Eva",
                 "--role", "admin", stdin=PASSWORD + "\n")  # fmt: skip
    port = free_port()
    process = Process([*embrace_command(), "run", "--home", str(home), "--port", str(port)])
    process.wait_for("EMBRACE is running")
    yield f"http://127.0.0.1:{port}"
    assert process.stop() == 0


def signed_in(browser: Browser, base: str, viewport: str, email: str, password: str) -> Page:
    page = browser.new_context(**VIEWPORTS[viewport], locale="sv-SE").new_page()
    page.goto(base + "/app/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/app/report")
    return page


def test_an_administrator_brings_a_partner_aboard_who_then_chooses_her_own_password(
    base: str, browser: Browser
) -> None:
    admin = signed_in(browser, base, "desktop", ADMIN, PASSWORD)
    first_password = the_admin_adds_an_organisation_and_a_person(admin, base)
    newcomer = signed_in(browser, base, "phone", NEWCOMER, first_password)
    newcomer.click("a[href='/app/password']")
    for field, typed in (("#current", first_password), ("#new", HER_OWN), ("#again", HER_OWN)):
        newcomer.fill(field, typed)
    newcomer.click("form[action='/app/password'] button")
    assert "Lösenordet är bytt." in newcomer.locator("p.ok").inner_text()
    shot(newcomer, "phone", "partners-3-password-changed")
    signed_in(browser, base, "phone", NEWCOMER, HER_OWN)


def test_the_top_bar_keeps_every_link_on_one_row_on_a_desktop_in_either_language(
    base: str, browser: Browser
) -> None:
    admin = signed_in(browser, base, "desktop", ADMIN, PASSWORD)
    for language in ("en", "sv"):  # English's names are the longer
        admin.goto(base + f"/app/language/{language}?back=/app/report")
        links = admin.locator(".top nav a")
        rows = {round(links.nth(n).bounding_box()["y"]) for n in range(links.count())}  # type: ignore[index]
        assert links.count() == 11
        assert len(rows) == 1, f"{language}: the links take {len(rows)} rows"
        brand = admin.locator(".top .brand").bounding_box()
        assert brand is not None
        assert abs(brand["y"] - rows.pop()) < brand["height"]  # beside the brand, not below it


def the_admin_adds_an_organisation_and_a_person(admin: Page, base: str) -> str:
    """The first password, as the page shows it once."""
    admin.click("a[href='/app/partners']")
    admin.fill("#organisation-name", "Trygga gatan")
    admin.fill("#id", "tryggagatan")
    admin.select_option("#kind", "association")
    admin.click("form[action='/app/partners/organisations'] button")
    assert admin.locator("p.ok").inner_text() == "Trygga gatan är tillagd."
    shot(admin, "desktop", "partners-1-organisation")
    admin.select_option("#person-organisation", "tryggagatan")
    admin.fill("#person-name", "Sara")
    admin.fill("#email", NEWCOMER)
    admin.click("form[action='/app/partners/people'] button")
    shown = admin.locator("code.secret").inner_text()
    assert "Sara" in admin.locator("section", has_text="Trygga gatan").first.inner_text()
    shot(admin, "desktop", "partners-2-person")
    admin.goto(base + "/app/partners")
    assert admin.locator("code.secret").count() == 0  # shown only once
    return shown
