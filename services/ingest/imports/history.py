"""Back-filling a municipality's own history, or a police report export, from CSV with a mapping file.

The mapping (TOML) says which column is which and how categories or crime codes map to the taxonomy.
Each good row becomes a one-incident report; bad rows are reported with their line and reason; a row
seen before is not published again, and one with a stable id that changed becomes a new version.
"""

from __future__ import annotations

import csv
import io
import tomllib
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from embrace.codec import describe
from embrace.contracts import Incident, IncidentReport, Instant, Window
from embrace.errors import OperatorError
from embrace.localtime import localize
from embrace.sqlstore import SqlStore
from embrace.sqlstore.credentials import Principal
from embrace.taxonomy import Taxonomy
from embrace.validation import Places, Policy, check_report
from services.ingest.acceptance import store_reports
from services.ingest.imports.records import ImportSummary, RecordBook
from services.ingest.submissions import prepare

HISTORY = uuid.UUID("6f1d2b8e-93a4-4c1e-8a3f-2d7e5b9c0a14")
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
YES = {"ja", "j", "yes", "y", "1", "true", "sant", "x"}


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


def history_report(row: Row, principal: Principal, version: int, now: datetime) -> IncidentReport:
    """A one-incident report whose id follows from the row's identity, so a re-import finds it again."""
    return IncidentReport(
        event_id=uuid.uuid5(HISTORY, f"{principal.tenant}/{principal.organisation}/{row.key}"),
        version=version,
        tenant=principal.tenant,
        organisation=principal.organisation,
        source=principal.source,
        channel="import",
        occurred=now,
        published=now,
        incidents=[row.incident],
    )


def import_history(
    sql_store: SqlStore,
    path: Path,
    mapping: ColumnMapping,
    principal: Principal,
    checks: Checks,
) -> ImportSummary:
    """Import every good row of ``path``; report the bad ones by line. Re-running changes nothing."""
    summary = ImportSummary()
    source = f"incidents/{principal.tenant}/{principal.organisation}"
    now = datetime.now(UTC)
    reports: list[IncidentReport] = []
    rows = list(read_rows(path, mapping, checks.zone))
    with sql_store.session() as session:
        book = RecordBook(session, source, [r.key for r in rows if isinstance(r, Row)])
        for item in rows:
            if isinstance(item, tuple):
                summary.reject(f"{path}:{item[0]}", item[1])
                continue
            draft = history_report(item, principal, 1, now)
            problems = check_report(draft, checks.taxonomy, checks.policy, checks.places)
            if problems:
                summary.reject(f"{path}:{item.line}", "; ".join(p.detail for p in problems))
                continue
            change = book.change(item.key, item.incident.model_dump_json(), now, str(draft.event_id))
            summary.count(change.outcome)
            if change.outcome in ("new", "updated"):
                reports.append(
                    prepare(draft.model_copy(update={"version": change.version}), checks.places).report
                )
        book.write()
        store_reports(session, principal, reports)
    return summary


@dataclass(frozen=True)
class Checks:
    """The rules an import applies, as ingest does, without the age limit: history is old by nature."""

    taxonomy: Taxonomy
    places: Places
    zone: ZoneInfo
    policy: Policy = field(default_factory=lambda: Policy(max_age=None))
