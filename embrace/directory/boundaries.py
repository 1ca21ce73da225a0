"""Official boundaries in the directory: imported from the operator's GeoJSON, loaded for checks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.directory.tables import Boundary
from embrace.geography import Boundaries, Municipality, polygonal
from embrace.validation import BoundingBox, Places


@dataclass(frozen=True)
class BoundaryRecord:
    code: str
    kind: str  # municipality or county
    name: str
    county_code: str | None
    geometry: dict[str, Any]


def save_boundaries(session: Session, records: Iterable[BoundaryRecord]) -> tuple[int, int]:
    """Insert or replace boundaries by code; return (added, replaced)."""
    added = replaced = 0
    for record in records:
        existing = session.get(Boundary, record.code)
        if existing is None:
            session.add(Boundary(code=record.code, kind=record.kind, name=record.name,
                                 county_code=record.county_code, geometry=record.geometry))  # fmt: skip
            added += 1
        else:
            existing.kind, existing.name = record.kind, record.name
            existing.county_code, existing.geometry = record.county_code, record.geometry
            replaced += 1
    return added, replaced


def municipality_boundaries(session: Session) -> Boundaries:
    rows = session.scalars(select(Boundary).where(Boundary.kind == "municipality"))
    return Boundaries(Municipality(b.code, b.name, polygonal(b.geometry)) for b in rows)


def places(session: Session) -> Places:
    """Imported boundaries when there are any; Sweden's bounding box otherwise."""
    boundaries = municipality_boundaries(session)
    return boundaries if boundaries else BoundingBox()
