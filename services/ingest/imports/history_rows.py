"""The rows of a history file as incidents, each read by its mapping, or the line and reason it cannot be
one."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from embrace.codec import describe
from embrace.contracts import Incident, Instant, Window
from embrace.errors import OperatorError
from embrace.localtime import localize
from services.ingest.imports.history_mapping import ColumnMapping

YES = {"ja", "j", "yes", "y", "1", "true", "sant", "x"}


class BadRow(ValueError):
    pass


@dataclass(frozen=True)
class Row:
    line: int
    key: str
    incident: Incident


def read_rows(path: Path, mapping: ColumnMapping, zone: ZoneInfo) -> Iterator[Row | tuple[int, str]]:
    """Each row as an incident, or (line, reason) when it cannot be one."""
    try:
        text = path.read_text(encoding=mapping.encoding)
    except (OSError, UnicodeDecodeError, LookupError) as exc:
        raise OperatorError(f"{path}: cannot read as {mapping.encoding}: {exc}") from None
    reader = csv.DictReader(io.StringIO(text), delimiter=mapping.delimiter)
    header = reader.fieldnames or []
    missing = [c for c in mapping.columns.values() if c not in header]
    if missing:
        raise OperatorError(f"{path}:1: no column {missing[0]!r} (the columns are: {', '.join(header)})")
    for row in reader:
        try:
            yield _row(reader.line_num, row, mapping, zone)
        except BadRow as exc:
            yield reader.line_num, str(exc)


def _row(line: int, row: Mapping[str, str | None], mapping: ColumnMapping, zone: ZoneInfo) -> Row:
    def value(name: str) -> str:
        column = mapping.columns.get(name)
        return (row.get(column) or "").strip() if column else ""

    fields: dict[str, Any] = {
        "category": _category(value("category"), value("crime_code"), mapping),
        "time": _time(value, mapping, zone),
        "location": _location(value, mapping),
        "description": value("description") or None,
        "police_reported": value("police_reported").casefold() in YES,
    }
    try:
        incident = Incident.model_validate(fields)
    except ValidationError as exc:
        raise BadRow(describe(exc)) from None
    key = value("id") or incident.model_dump_json()  # without an id, the row's content is its identity
    return Row(line, key, incident)


def _category(category: str, crime_code: str, mapping: ColumnMapping) -> str:
    if category:
        found = mapping.categories.get(category.casefold())
        if found is None:
            raise BadRow(f"category {category!r} is not in the mapping's [categories]")
        return found
    if crime_code:
        prefixes = [p for p in mapping.crime_codes if crime_code.startswith(p)]
        if not prefixes:
            raise BadRow(f"crime code {crime_code!r} matches no prefix in the mapping's [crime_codes]")
        return mapping.crime_codes[max(prefixes, key=len)]
    raise BadRow("no category and no crime code")


def _time(value: Any, mapping: ColumnMapping, zone: ZoneInfo) -> Instant | Window:
    raw_date = value("date")
    try:
        day = datetime.strptime(raw_date, mapping.date_format).date()
    except ValueError:
        raise BadRow(f"date {raw_date!r} is not like {mapping.date_format}") from None
    at, start, end = (_clock(value(name), mapping) for name in ("time", "start_time", "end_time"))
    # Local times without an offset: embrace.localtime says how the hour of a DST change is read.
    if at is not None:
        return Instant(at=localize(datetime.combine(day, at), zone))
    if start is not None and end is not None:
        begins = localize(datetime.combine(day, start), zone)
        ends = localize(datetime.combine(day + timedelta(days=1 if end <= start else 0), end), zone)
        return Window(start=begins, end=ends)
    return Window(
        start=localize(datetime.combine(day, time()), zone),
        end=localize(datetime.combine(_next(day), time()), zone),
    )


def _next(day: date) -> date:
    return day + timedelta(days=1)


def _clock(raw: str, mapping: ColumnMapping) -> time | None:
    if not raw:
        return None
    try:
        return datetime.strptime(raw, mapping.time_format).time()
    except ValueError:
        raise BadRow(f"time {raw!r} is not like {mapping.time_format}") from None


def _location(value: Any, mapping: ColumnMapping) -> dict[str, Any]:
    lat, lon = value("lat"), value("lon")
    point = None
    if lat or lon:
        try:
            point = {"lat": _number(lat, mapping), "lon": _number(lon, mapping)}
        except ValueError:
            raise BadRow(f"coordinates {lat!r}, {lon!r} are not numbers") from None
    return {"point": point, "address": value("address") or None, "area_id": value("area") or None}


def _number(raw: str, mapping: ColumnMapping) -> float:
    return float(raw.replace(",", ".") if mapping.decimal_comma else raw)
