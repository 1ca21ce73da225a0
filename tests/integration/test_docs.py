"""The README and docs/ say what is: every link leads somewhere; every API path they name is served and
every path served is named; every page of the web app is named; every `embrace` command they name
exists and every command is named; the settings page names every setting and no other, and the
operations page every alert rule."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from embrace.settings import Settings
from services.cli.main import build_parser
from tests.support.system import System
from tests.support.web_pages import web_pages

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
API_PATH = re.compile(r"(/v1/[A-Za-z0-9_{}./-]*[A-Za-z0-9_}])")
COMMAND = re.compile(r"\bembrace ((?:[a-z][a-z-]+ ?){1,3})")


def anchors(page: Path) -> set[str]:
    """GitHub's anchors of a page's headings."""
    titles = re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", t.strip().lower()).replace(" ", "-") for t in titles}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_link_leads_to_a_page_and_heading_that_exist(page: Path) -> None:
    broken = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists() or (anchor and anchor not in anchors(linked)):
            broken.append(target)
    assert broken == []


def test_every_api_path_the_docs_name_is_served(system: System) -> None:
    served = [re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(p)) + "$")
              for p in system.client.get("/openapi.json").json()["paths"]]  # fmt: skip
    named = {m for page in PAGES for m in API_PATH.findall(page.read_text(encoding="utf-8"))}
    assert named, "the docs name no API path"
    assert sorted(p for p in named if not any(s.match(p.rstrip("/")) for s in served)) == []


def test_the_settings_page_names_every_setting_and_no_other() -> None:
    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    variables = {f"EMBRACE_{name.upper()}" for name in Settings.model_fields}
    named = set(re.findall(r"`(EMBRACE_[A-Z0-9_]+)`", page))
    assert (sorted(variables - named), sorted(named - variables)) == ([], [])


def test_every_api_path_served_is_named_in_the_docs(system: System) -> None:
    served = [p for p in system.client.get("/openapi.json").json()["paths"] if p.startswith("/v1/")]
    named = {m for page in PAGES for m in API_PATH.findall(page.read_text(encoding="utf-8"))}
    assert sorted(_unnamed(served) - _unnamed(named)) == []


def _unnamed(paths: Iterable[str]) -> set[str]:
    """Paths with their parameters' names left out: the docs write ``{id}``."""
    return {re.sub(r"\{[^}]+\}", "{}", path) for path in paths}


def test_every_page_of_the_web_app_is_named_in_the_docs() -> None:
    named = {m for page in PAGES for m in re.findall(r"(/app(?:/[a-z/{}]*[a-z}])?)", page.read_text("utf-8"))}
    assert sorted(_unnamed(web_pages()) - _unnamed(named)) == []


def test_every_alert_rule_is_named_in_the_operations_page() -> None:
    rules = re.findall(r"- alert: (\w+)", (ROOT / "deploy" / "prometheus" / "rules.yml").read_text())
    page = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert rules, "rules.yml names no alert"
    assert [rule for rule in rules if f"`{rule}`" not in page] == []


def test_every_embrace_command_the_docs_name_exists() -> None:
    unknown = []
    for page in PAGES:
        for words in COMMAND.findall(page.read_text(encoding="utf-8")):
            if not _known(build_parser(), words.split()):
                unknown.append(f"{page.name}: embrace {words.strip()}")
    assert unknown == []


def test_every_embrace_command_is_named_in_the_docs() -> None:
    text = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    assert [c for c in _commands(build_parser()) if f"embrace {c}" not in text] == []


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> Iterator[str]:
    """Every command the parser runs, each with its subcommands: ``tenants add``, ``probe``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, f"{prefix}{name} ")
            return
    yield prefix.strip()


def _known(parser: argparse.ArgumentParser, words: list[str]) -> bool:
    """Whether the words name a command (and its subcommands, as far as the parser has them)."""
    for word in words:
        commands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not commands:
            return True  # the rest are arguments
        if word not in commands[0].choices:
            return False
        parser = commands[0].choices[word]
    return True
