"""The web app's words, in Swedish (default) and English: the ``app.`` ids of the catalogues
(:mod:`embrace.i18n`)."""

from __future__ import annotations

from embrace.i18n import gettext
from embrace.messages import Language


def count(n: int, language: Language) -> str:
    return text("incidents_1", language) if n == 1 else text("incidents_n", language, n=n)


def text(key: str, language: Language, **params: object) -> str:
    return gettext(f"app.{key}", language, **params)
