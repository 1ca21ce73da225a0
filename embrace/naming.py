"""How a code reads to a person: a category by the taxonomy's label; a category group, a source and an
emerging hot spot's pattern by the catalogue's word; a tenant's areas and organisations by their names;
anything else as it is. The reports, the meeting pages, alert mail and the dashboards all say codes this
way."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from embrace import i18n
from embrace.messages import Language
from embrace.taxonomy import Taxonomy

SECTIONS = {"category_group": "group.", "source": "source."}  # dimensions the catalogue names


@dataclass(frozen=True)
class Names:
    """What a page calls its tenant and the tenant's areas and organisations. A regional page keys
    areas and organisations ``tenant/code``, as its figures do, and names its tenants too."""

    tenant: str = ""
    areas: Mapping[str, str] = field(default_factory=dict)
    organisations: Mapping[str, str] = field(default_factory=dict)
    tenants: Mapping[str, str] = field(default_factory=dict)

    def areas_by_name(self) -> list[str]:
        """The areas' codes in the order people read them: by name, as a form offers them."""
        return sorted(self.areas, key=lambda area: self.areas[area])


def labeller(taxonomy: Taxonomy, language: Language, names: Names | None = None) -> Callable[[str, str], str]:
    """``label(dimension, key)``: how ``key`` of ``dimension`` reads in ``language``; with ``names``, a
    tenant's areas (``area``), organisations (``organisation``) and a region's tenants by their names."""
    own = {"area": names.areas, "organisation": names.organisations, "tenant": names.tenants} if names else {}

    def label(dimension: str, key: str) -> str:
        if dimension == "category":
            return taxonomy.named(key, language)
        if dimension == "pattern":
            return _pattern(key, language)
        if dimension in own:
            return own[dimension].get(key, key)
        return i18n.section(SECTIONS[dimension], language).get(key, key) if dimension in SECTIONS else key

    return label


def _pattern(key: str, language: Language) -> str:
    """An emerging hot spot pattern ("new", "cold new", ...) as the catalogue words it."""
    words = i18n.section("pattern.", language)
    hot = key.removeprefix("cold ")
    word = words.get(hot, hot)
    return word if hot == key else words["cold"].format(pattern=word)
