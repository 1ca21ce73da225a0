"""Every page of the web app passes axe-core's checks of WCAG 2.2 levels A and AA and its best practices,
in Swedish and in English on a phone and in Swedish on a desktop, over the demo municipality so that
every table, chart and form is filled in; each page fits the screen's width, and each group that opens
shows that it does. The pages are those the services serve: a new page is checked without being named
here. And a partner reports an incident with the keyboard alone, seeing where the focus is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.support.browser import VIEWPORTS
from tests.support.network import free_port
from tests.support.processes import Process, embrace_command
from tests.support.web_pages import web_pages

pytestmark = pytest.mark.browser
DEMO_LOGIN = "demo@demokoping.example"
RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
# Whether a table must scroll on a phone depends on its words' lengths: the phone is checked in both
# languages, the desktop, where tables fit, in Swedish.
LANGUAGES = {"phone": ("sv", "en"), "desktop": ("sv",)}
WIDTHS = "[document.documentElement.clientWidth, document.documentElement.scrollWidth]"
# The summaries drawn without their disclosure triangle, as a list item draws it, or one of their own.
UNMARKED = """[...document.querySelectorAll("summary")].filter(s => {
  const own = getComputedStyle(s), before = getComputedStyle(s, "::before").content;
  return (own.display !== "list-item" || own.listStyleType === "none") && ["none", "normal"].includes(before);
}).map(s => s.textContent.trim())"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    home: Path = tmp_path_factory.mktemp("accessibility") / "home"
    port = free_port()
    process = Process([*embrace_command(), "run", "--demo", "--home", str(home), "--port", str(port)])
    password = process.wait_for("Web app:", timeout=180).split("with password: ")[1].strip()
    process.wait_for("EMBRACE is running")
    yield f"http://127.0.0.1:{port}", password
    assert process.stop() == 0


def opened(page: Page, base: str, path: str) -> str:
    """The page's address; one with an id in it is the first such page its list links to."""
    if "{" in path:
        prefix = path.split("{", 1)[0]
        page.goto(base + prefix.rstrip("/"))
        path = page.locator(f"a[href^='{prefix}']").first.get_attribute("href") or ""
        assert path, f"no page of {prefix} linked from its list"
    page.goto(base + path)
    return path


def violations(axe: Axe, page: Page) -> list[str]:
    found: list[dict[str, Any]] = axe.run(page, options=RULES).response["violations"]
    return (
        [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in found]
        + wider_than_the_screen(page)
        + unmarked(page)
    )


def wider_than_the_screen(page: Page) -> list[str]:
    """WCAG 1.4.10 (reflow), which axe leaves to people: a wide table may scroll sideways, the page not."""
    screen, width = page.evaluate(WIDTHS)
    return [f"reflow: the page is {width} px wide on a screen of {screen} px"] if width > screen else []


def unmarked(page: Page) -> list[str]:
    """A group that opens shows that it does: closed and without its triangle, it reads as an empty
    heading. Axe does not check it."""
    return [f"disclosure: {text!r} shows no triangle" for text in page.evaluate(UNMARKED)]


def test_every_page_passes_the_automatic_accessibility_checks_in_either_language(
    demo: tuple[str, str], browser: Browser
) -> None:
    found: dict[str, list[str]] = {}
    for viewport, languages in LANGUAGES.items():
        seen = checked(browser, viewport, languages, *demo)
        found |= {f"{where}, {viewport}": v for where, v in seen.items()}
    assert len(found) == sum(len(languages) * len(web_pages()) + 2 for languages in LANGUAGES.values())
    assert {where: v for where, v in found.items() if v} == {}


def checked(browser: Browser, viewport: str, languages: tuple[str, ...], base: str,
            password: str) -> dict[str, list[str]]:  # fmt: skip
    """Each page's violations as this viewport shows it: the unsubscribe and login pages, then every page
    signed in, in each of the ``languages``."""
    axe, found = Axe(), dict[str, list[str]]()
    page = browser.new_context(**VIEWPORTS[viewport], locale="sv-SE").new_page()
    page.goto(base + "/v1/subscriptions/unsubscribe?token=" + "x" * 20)  # a mail's link, come to nothing
    found["unsubscribe, signed out"] = violations(axe, page)
    page.goto(base + "/app/login")
    found["/app/login, signed out"] = violations(axe, page)
    page.fill("#email", DEMO_LOGIN)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/app/report")
    for language in languages:
        page.goto(f"{base}/app/language/{language}?back=/app/report")
        for path in web_pages():
            found[f"{opened(page, base, path)} ({language})"] = violations(axe, page)
    page.context.close()
    return found


# Where the focus is, and whether it shows: the element, and its outline as the page draws it.
FOCUSED = """(() => { const e = document.activeElement, style = getComputedStyle(e);
  return {tag: e.tagName, id: e.id, href: e.getAttribute("href") || "", text: (e.textContent || "").trim(),
          type: e.getAttribute("type") || "", outline: style.outlineStyle,
          in_main: !!e.closest("main")}; })()"""
Focus = dict[str, Any]


def tab_to(page: Page, wanted: Callable[[Focus], bool], stops: list[Focus]) -> None:
    """Press Tab until the focus is on what is ``wanted``, keeping each stop on the way."""
    for _ in range(60):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if wanted(stops[-1]):
            return
    raise AssertionError(f"not reached by Tab; the stops were {stops[-60:]}")


def test_a_partner_reports_an_incident_with_the_keyboard_alone(
    demo: tuple[str, str], browser: Browser
) -> None:
    base, password = demo
    page, stops = browser.new_context(**VIEWPORTS["desktop"], locale="sv-SE").new_page(), list[Focus]()
    page.goto(base + "/app/login")
    tab_to(page, lambda f: f["id"] == "email", stops)
    page.keyboard.type(DEMO_LOGIN)
    tab_to(page, lambda f: f["id"] == "password", stops)
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/app/report")
    tab_to(page, lambda f: f["href"] == "#main", stops)  # the first stop skips the top bar's links
    page.keyboard.press("Enter")
    tab_to(page, lambda _: True, stops)
    assert stops[-1]["in_main"]
    tab_to(page, lambda f: f["id"] == "category", stops)
    page.keyboard.type("Klotter")
    day = date.today() - timedelta(days=2)
    tab_to(page, lambda f: f["id"] == "date", stops)
    page.keyboard.type(f"{day:%m%d%Y}")  # headless Chromium lays a date field out as the US does
    tab_to(page, lambda f: f["id"] == "address", stops)
    page.keyboard.type("Storgatan 1")
    assert (page.input_value("#category"), page.input_value("#date")) == ("graffiti", day.isoformat())
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"].startswith("Lägg till"), stops)
    page.keyboard.press("Enter")
    page.wait_for_url("**/app/report?added=1*")
    added = len(stops)
    tab_to(page, lambda f: f["href"] == "/app/report/review", stops)
    assert [f["text"] for f in stops[added:-1]] == ["Ta bort"]  # the focus waits on the report so far
    page.keyboard.press("Enter")
    page.wait_for_url("**/app/report/review")
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"].startswith("Skicka"), stops)
    page.keyboard.press("Enter")
    page.wait_for_url("**/app/reports?week=*&sent=*")
    assert "Tack! Rapporten är mottagen." in page.content()
    # Each stop shows its focus: but the page itself, between the last stop and the first, and a date's
    # and a time's parts, which show it inside the field.
    unseen = [
        f
        for f in stops
        if f["outline"] == "none" and f["tag"] != "BODY" and f["type"] not in ("date", "time")
    ]
    assert unseen == []
    page.context.close()
