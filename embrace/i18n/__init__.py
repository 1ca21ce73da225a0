"""The platform's words for people: one gettext catalogue per language (``locales/sv.po``, ``locales/en.po``),
read with Babel, keyed by stable message ids grouped by where they are shown (``app.`` the web app,
``error.`` validation and problem messages, ``weekly.`` and ``quarterly.`` the report pages, ``verdict.``
an intervention's verdict). Swedish is the default; every id is in every catalogue (a test checks), and a
translator edits the ``.po`` files with any gettext tool.

Page templates get their section as a mapping (``t.login``) and may call ``_("app.login")`` through
Jinja2's i18n extension (:func:`install`), both reading the same catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal

from babel.messages.pofile import read_po
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

Language = Literal["sv", "en"]
LANGUAGES: tuple[Language, ...] = ("sv", "en")
LOCALES = Path(__file__).parent / "locales"


def spoken(code: str | None) -> Language:
    """A language code as it was stored (a subscriber's, a letter's) as one the platform speaks: English
    when it says so, else Swedish."""
    return "en" if code == "en" else "sv"


@cache
def catalogue(language: Language) -> Mapping[str, str]:
    """Every message id of the language and its text."""
    with (LOCALES / f"{language}.po").open("rb") as file:
        read = read_po(file, locale=language)
    return {str(m.id): str(m.string) for m in read if m.id}


def gettext(key: str, language: Language, **params: object) -> str:
    """The text of ``key`` in ``language``, with ``params`` filled in; a ``KeyError`` for an unknown id."""
    text = catalogue(language)[key]
    return text.format(**params) if params else text


def both(key: str, **params: object) -> dict[Language, str]:
    """The text of ``key`` in every language: what a problem detail carries until the reader's is known."""
    return {language: gettext(key, language, **params) for language in LANGUAGES}


def has(key: str, language: Language = "sv") -> bool:
    return key in catalogue(language)


@cache
def section(prefix: str, language: Language) -> Mapping[str, str]:
    """The ids under ``prefix`` (``"weekly."``) without it: what a page template reads as ``t``."""
    return {key[len(prefix) :]: text for key, text in catalogue(language).items() if key.startswith(prefix)}


def missing() -> dict[Language, list[str]]:
    """Per language, the ids some other catalogue has and it lacks or leaves empty."""
    every = {key for language in LANGUAGES for key in catalogue(language)}
    return {language: sorted(k for k in every if not catalogue(language).get(k)) for language in LANGUAGES}


def install(environment: Environment) -> None:
    """Jinja2's i18n extension on ``environment``, translating into the ``lang`` of each render."""
    environment.add_extension("jinja2.ext.i18n")

    @pass_context
    def translate(context: Context, key: str, **params: Any) -> str:
        return gettext(key, context.get("lang", "sv"), **params)

    @pass_context
    def plural(context: Context, one: str, many: str, n: int, **params: Any) -> str:
        return gettext(one if n == 1 else many, context.get("lang", "sv"), n=n, **params)

    environment.install_gettext_callables(translate, plural, newstyle=True)  # type: ignore[attr-defined]
    # The extension's own ``_`` formats with %-style; ours fills the catalogues' {name} fields.
    environment.globals["_"] = translate
