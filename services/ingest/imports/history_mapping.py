"""The mapping file of a history import (TOML): which column is which, their formats, and how the file's
categories or crime codes map to the taxonomy. Its mistakes are told by file before any row is read."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from embrace.errors import OperatorError
from embrace.taxonomy import Taxonomy

COLUMNS = (
    "id",
    "date",
    "time",
    "start_time",
    "end_time",
    "category",
    "crime_code",
    "address",
    "area",
    "lat",
    "lon",
    "description",
    "police_reported",
)


@dataclass(frozen=True)
class ColumnMapping:
    columns: dict[str, str]
    delimiter: str = ","
    encoding: str = "utf-8"
    date_format: str = "%Y-%m-%d"
    time_format: str = "%H:%M"
    decimal_comma: bool = False
    categories: dict[str, str] = field(default_factory=dict)
    crime_codes: dict[str, str] = field(default_factory=dict)


def load_mapping(path: Path, taxonomy: Taxonomy) -> ColumnMapping:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OperatorError(f"{path}: cannot read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise OperatorError(f"{path}: not TOML: {exc}") from None
    columns = {k: str(v) for k, v in document.get("columns", {}).items()}
    unknown = sorted(set(columns) - set(COLUMNS))
    if unknown:
        raise OperatorError(f"{path}: [columns] has unknown keys {unknown}; known: {', '.join(COLUMNS)}")
    if "date" not in columns:
        raise OperatorError(f"{path}: [columns] needs date (the column of the incident's date)")
    if "category" not in columns and "crime_code" not in columns:
        raise OperatorError(f"{path}: [columns] needs category or crime_code")
    categories = {k.strip().casefold(): v for k, v in document.get("categories", {}).items()}
    codes = {str(k).strip(): v for k, v in document.get("crime_codes", {}).items()}
    for table, values in (("categories", categories), ("crime_codes", codes)):
        for source, target in values.items():
            if target not in taxonomy or taxonomy[target].group == "intervention":
                raise OperatorError(
                    f"{path}: [{table}] {source!r} maps to {target!r}, not an incident category"
                )
    fmt = document.get("format", {})
    return ColumnMapping(
        columns=columns,
        delimiter=fmt.get("delimiter", ","),
        encoding=fmt.get("encoding", "utf-8"),
        date_format=fmt.get("date", "%Y-%m-%d"),
        time_format=fmt.get("time", "%H:%M"),
        decimal_comma=bool(fmt.get("decimal_comma", False)),
        categories=categories,
        crime_codes=codes,
    )
