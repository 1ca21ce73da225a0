"""Messages for people, in Swedish and English, keyed by stable error codes (their texts are the
``error.`` ids of the catalogues, :mod:`embrace.i18n`).

Codes come from pydantic (``missing``, ``string_too_long``...), from the contracts' own validators
(``window_order``...) and from the validation rules (``in_future``...). Anything without a translation
falls back to the English text it came with, so a new rule never produces an empty message.
"""

from __future__ import annotations

from typing import Any

from embrace.i18n import LANGUAGES, Language, gettext, has

__all__ = ["LANGUAGES", "NO_SUCH_INTERVENTION", "VERDICTS", "Language", "message"]

VERDICT_NAMES = ("seems effective", "seems harmful", "no sign of effect", "too little data to tell",
                 "no fair comparison")  # fmt: skip
VERDICTS: dict[str, dict[Language, str]] = {  # an intervention effect's verdict in words
    verdict: {language: gettext(f"verdict.{verdict}", language) for language in LANGUAGES}
    for verdict in VERDICT_NAMES
}
NO_SUCH_INTERVENTION: dict[Language, str] = {
    language: gettext("error.no_such_intervention", language) for language in LANGUAGES
}


def message(code: str, language: Language, fallback: str, params: dict[str, Any] | None = None) -> str:
    if not has(f"error.{code}", language):
        return fallback
    try:
        return gettext(f"error.{code}", language, **(params or {}))
    except (KeyError, IndexError, ValueError):
        return fallback
