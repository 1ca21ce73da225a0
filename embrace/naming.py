"""How a code reads to a person: a category by the taxonomy's label, a category group and a source by
the catalogue's word, anything else as it is. The reports, the meeting pages, alert mail and the
dashboards all say codes this way."""

from __future__ import annotations

from collections.abc import Callable

from embrace import i18n
from embrace.messages import Language
from embrace.taxonomy import Taxonomy

SECTIONS = {"category_group": "group.", "source": "source."}  # dimensions the catalogue names


def labeller(taxonomy: Taxonomy, language: Language) -> Callable[[str, str], str]:
    """``label(dimension, key)``: how ``key`` of ``dimension`` reads in ``language``."""

    def label(dimension: str, key: str) -> str:
        if dimension == "category":
            return taxonomy.named(key, language)
        return i18n.section(SECTIONS[dimension], language).get(key, key) if dimension in SECTIONS else key

    return label
