"""The words: one catalogue per language, every id in each, and every id a page or the code asks for
present in them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment

from embrace import i18n
from embrace.messages import LANGUAGES, Language

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "services" / "ingest" / "web"
REPORTS = ROOT / "services" / "reporting" / "templates"


def test_every_id_is_in_every_catalogue_and_none_is_empty() -> None:
    assert i18n.missing() == {language: [] for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_id_is_given_twice_where_the_later_text_would_silently_win(language: Language) -> None:
    text = (ROOT / "embrace" / "i18n" / "locales" / f"{language}.po").read_text(encoding="utf-8")
    ids = re.findall(r'^msgid "(.+)"$', text, re.M)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_word_the_web_app_asks_for_is_in_the_catalogues() -> None:
    sources = [p.read_text(encoding="utf-8") for p in [*WEB.glob("templates/*.html"), *WEB.rglob("*.py")]]
    asked = {key for text in sources for key in re.findall(r"\b(?:t|text)\(\s*['\"]([a-z0-9_]+)['\"]", text)}
    assert asked, "found no words asked for"
    words = [k for k in asked if not k.endswith("_")]
    prefixes = [k for k in asked if k.endswith("_")]  # t("status_" + status): some id begins so
    assert sorted(k for k in words if not i18n.has(f"app.{k}")) == []
    app = i18n.section("app.", "sv")
    assert [p for p in prefixes if not any(key.startswith(p) for key in app)] == []


@pytest.mark.parametrize("page", ["weekly", "quarterly"])
def test_every_word_a_report_page_reads_is_in_its_section(page: str) -> None:
    template = (REPORTS / f"{page}.html").read_text(encoding="utf-8")
    asked = set(re.findall(r"\bt\.([a-z0-9_]+)", template))
    assert asked
    for language in LANGUAGES:
        assert sorted(asked - set(i18n.section(f"{page}.", language))) == [], language


@pytest.mark.parametrize(("language", "said"), [("sv", "Logga in"), ("en", "Log in")])
def test_templates_translate_through_jinjas_i18n_extension(language: Language, said: str) -> None:
    environment = Environment(autoescape=True)
    i18n.install(environment)
    page = environment.from_string(
        '{{ _("app.login") }} · {{ ngettext("app.incidents_1", "app.incidents_n", 3) }}'
    )
    assert page.render(lang=language) == f"{said} · {i18n.gettext('app.incidents_n', language, n=3)}"
