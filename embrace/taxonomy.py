"""The categories incidents and interventions are filed under, kept as data.

The built-in list is ``embrace/data/taxonomy.csv``. A deployment adds its own categories with a CSV of
the same columns named by ``EMBRACE_TAXONOMY_EXTRA``; a code may not be defined twice, so the meaning of
existing codes (and of everything already stored under them) never changes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import get_args

from embrace.contracts.enriched import CategoryGroup
from embrace.errors import ConfigurationError
from embrace.messages import Language

COLUMNS = ("code", "group", "sv", "en")


@dataclass(frozen=True)
class Category:
    code: str
    group: CategoryGroup
    sv: str
    en: str

    def label(self, language: Language) -> str:
        return self.sv if language == "sv" else self.en


class Taxonomy:
    def __init__(self, categories: list[Category]) -> None:
        self._by_code = {c.code: c for c in categories}

    @classmethod
    def load(cls, extra: Path | None = None) -> Taxonomy:
        builtin = resources.files("embrace").joinpath("data/taxonomy.csv")
        with resources.as_file(builtin) as path:
            categories = list(_read(path))
        if extra is not None:
            known = {c.code for c in categories}
            for line, category in _read_numbered(extra):
                if category.code in known:
                    raise ConfigurationError(f"{extra}:{line}: category {category.code!r} is already defined")
                known.add(category.code)
                categories.append(category)
        return cls(categories)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Category]:
        return iter(self._by_code.values())

    def get(self, code: str) -> Category | None:
        return self._by_code.get(code)

    def __getitem__(self, code: str) -> Category:
        return self._by_code[code]

    def named(self, code: str, language: Language = "sv") -> str:
        """How a category reads: its label, or the code of one this taxonomy does not hold."""
        category = self._by_code.get(code)
        return category.label(language) if category else code

    def in_group(self, *groups: CategoryGroup) -> list[Category]:
        return [c for c in self._by_code.values() if c.group in groups]


def _read(path: Path) -> Iterator[Category]:
    for _, category in _read_numbered(path):
        yield category


def _read_numbered(path: Path) -> Iterator[tuple[int, Category]]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot read taxonomy file ({exc.strerror})") from None
    with handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ConfigurationError(f"{path}:1: taxonomy columns must be {','.join(COLUMNS)}")
        for row in reader:
            yield reader.line_num, _category(path, reader.line_num, row)


def _category(path: Path, line: int, row: dict[str, str]) -> Category:
    code, group = row["code"].strip(), row["group"].strip()
    if not code.replace("_", "").isalnum() or not code[:1].isalpha() or code != code.lower():
        raise ConfigurationError(f"{path}:{line}: code {code!r} must be lower-case letters, digits and _")
    if group not in get_args(CategoryGroup):
        raise ConfigurationError(f"{path}:{line}: group {group!r} is not one of {get_args(CategoryGroup)}")
    if not row["sv"].strip() or not row["en"].strip():
        raise ConfigurationError(f"{path}:{line}: both a Swedish (sv) and an English (en) label are needed")
    return Category(code, group, row["sv"].strip(), row["en"].strip())  # type: ignore[arg-type]
