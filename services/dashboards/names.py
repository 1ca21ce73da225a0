"""How codes read on the dashboards, which are in Swedish: each category by the taxonomy's Swedish label,
each category group and source by the catalogue's word. Queries, filters and data links keep the codes;
only what a person reads changes: a variable offers the name as its option's text, a table or a bar
chart maps the code to the name (a value mapping, so a click still sets the code), and a trend names its
series in the query."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from grafana_foundation_sdk.models.dashboard import ValueMap, ValueMapping, ValueMappingResult

from embrace import i18n
from embrace.naming import SECTIONS
from embrace.taxonomy import Taxonomy


@cache
def names() -> Mapping[str, Mapping[str, str]]:
    """Dimension -> code -> name."""
    taxonomy = Taxonomy.load()
    return {"category": {c.code: taxonomy.named(c.code) for c in taxonomy},
            **{dimension: i18n.section(prefix, "sv") for dimension, prefix in SECTIONS.items()}}  # fmt: skip


def said(column: str, dimension: str = "") -> str:
    """SQL of ``column``'s value by its name (the code where it has none)."""
    named = names()[dimension or column]
    codes, words = (", ".join(f"'{text}'" for text in texts) for texts in (named.keys(), named.values()))
    return f"transform({column}, [{codes}], [{words}], {column})"


def named_values() -> list[ValueMapping]:
    """One value mapping with every code the dashboards show (the codes differ across dimensions)."""
    every = {code: name for named in names().values() for code, name in named.items()}
    return [ValueMap(options={code: ValueMappingResult(text=name) for code, name in sorted(every.items())})]
