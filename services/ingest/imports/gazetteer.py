"""A tenant's gazetteer from CSV: the places partners name in words, with their points.

Columns ``name,lat,lon`` and optionally ``area``; ``,`` or ``;`` between them, decimal commas allowed. A
place is kept by its name as matched (case, accents and spacing ignored): importing again updates it,
and each new or changed place is published for enrich, which uses it at once.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.codec import describe
from embrace.contracts import Place
from embrace.contracts.fields import GeoPoint
from embrace.errors import OperatorError
from embrace.geo.boundaries import place_key
from embrace.sqlstore import SqlStore
from embrace.sqlstore.outbox import enqueue
from embrace.sqlstore.place_tables import StoredArea, StoredPlace
from embrace.sqlstore.places import place_message
from embrace.topics import PLACES
from embrace.validation import Places
from services.ingest.imports.records import ImportSummary, Outcome

REQUIRED = ("name", "lat", "lon")


def import_gazetteer(sql_store: SqlStore, path: Path, tenant: str, places: Places) -> ImportSummary:
    summary = ImportSummary()
    now = datetime.now(UTC)
    with sql_store.session() as session:
        areas = set(session.scalars(select(StoredArea.area_id).where(StoredArea.tenant == tenant)))
        for line, row in _rows(path):
            try:
                name, point, area = _read(row, areas, places)
            except ValueError as exc:
                summary.reject(f"{path}:{line}", str(exc))
                continue
            outcome = _keep(session, tenant, name, point, area, now)
            summary.count(outcome)
    return summary


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OperatorError(f"{path}: cannot read as UTF-8 ({exc})") from None
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or ())]
    if missing:
        raise OperatorError(
            f"{path}:1: the columns must include {','.join(REQUIRED)} (missing {','.join(missing)})"
        )
    for row in reader:
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def _read(row: dict[str, str], areas: set[str], places: Places) -> tuple[str, GeoPoint, str | None]:
    name, area = row["name"], row.get("area") or None
    if not place_key(name):
        raise ValueError("no name")
    try:
        point = GeoPoint(lat=float(row["lat"].replace(",", ".")), lon=float(row["lon"].replace(",", ".")))
    except (ValueError, ValidationError) as exc:
        detail = describe(exc) if isinstance(exc, ValidationError) else "lat and lon must be numbers"
        raise ValueError(detail) from None
    if not places.in_sweden(point):
        raise ValueError(f"{point.lat},{point.lon} is not in Sweden")
    if area is not None and area not in areas:
        raise ValueError(f"unknown area {area!r}")
    return name, point, area


def _keep(
    session: Session, tenant: str, name: str, point: GeoPoint, area: str | None, now: datetime
) -> Outcome:
    key = place_key(name)
    stored = session.scalars(
        select(StoredPlace).where(StoredPlace.tenant == tenant, StoredPlace.name_key == key)
    ).first()
    if stored is not None and (stored.name, stored.lat, stored.lon, stored.area_id) == (
        name,
        point.lat,
        point.lon,
        area,
    ):
        return "unchanged"
    outcome: Outcome = "new" if stored is None else "updated"
    if stored is None:
        stored = StoredPlace(id=str(uuid.uuid4()), tenant=tenant, name_key=key, version=0)
        session.add(stored)
    stored.name, stored.lat, stored.lon, stored.area_id = name, point.lat, point.lon, area
    stored.version += 1
    stored.updated_at = now
    session.flush()
    place: Place = place_message(stored)
    enqueue(session, [PLACES.record(place)])
    return outcome
