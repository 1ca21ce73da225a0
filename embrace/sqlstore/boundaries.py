"""Official boundaries in the SQL store: imported from the operator's GeoJSON, loaded for checks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.geo.boundaries import Boundaries, Municipality
from embrace.geo.polygons import polygonal
from embrace.sqlstore.place_tables import Boundary
from embrace.validation import BoundingBox, Places


@dataclass(frozen=True)
class BoundaryRecord:
    code: str
    kind: str  # municipality or county
    name: str
    county_code: str | None
    geometry: dict[str, Any] | None  # None: a name and code only; an existing boundary is kept


def save_boundaries(session: Session, records: Iterable[BoundaryRecord]) -> tuple[int, int]:
    """Insert or replace by code; return (added, replaced)."""
    added = replaced = 0
    for record in records:
        existing = session.get(Boundary, record.code)
        if existing is None:
            session.add(
                Boundary(
                    code=record.code,
                    kind=record.kind,
                    name=record.name,
                    county_code=record.county_code,
                    geometry=record.geometry,
                )
            )
            added += 1
        else:
            existing.kind, existing.name = record.kind, record.name
            existing.county_code = record.county_code or existing.county_code
            existing.geometry = record.geometry or existing.geometry
            replaced += 1
    return added, replaced


def municipality_boundaries(session: Session) -> Boundaries:
    rows = session.scalars(
        select(Boundary).where(Boundary.kind == "municipality", Boundary.geometry.is_not(None))
    )
    return Boundaries(Municipality(b.code, b.name, polygonal(b.geometry or {}), b.county_code) for b in rows)


def places(session: Session) -> Places:
    """Imported boundaries when there are any; Sweden's bounding box otherwise."""
    boundaries = municipality_boundaries(session)
    return boundaries if boundaries else BoundingBox()


def name_key(name: str) -> str:
    """How names are compared: case and spacing ignored ("Upplands väsby" is Upplands Väsby)."""
    return " ".join(name.casefold().split())


def county_key(name: str) -> str:
    """County names come as "Gävleborgs län" (Statistics Sweden, the police) or "Gävleborg" (maps)."""
    key = name_key(name).removesuffix(" län")
    return key.removesuffix("s")  # no county's own name ends in s; the genitive's s goes


@dataclass(frozen=True)
class PlaceNames:
    """Municipality and county names and codes, for turning place names in imported data into codes."""

    municipalities: dict[str, tuple[str, str | None]]  # name key -> (code, county code)
    counties: dict[str, str]  # county key -> code

    def municipality(self, name: str) -> str | None:
        found = self.municipalities.get(name_key(name))
        return found[0] if found else None

    def county_of_municipality(self, name: str) -> str | None:
        found = self.municipalities.get(name_key(name))
        return found[1] if found else None

    def county(self, name: str) -> str | None:
        return self.counties.get(county_key(name))

    def __bool__(self) -> bool:
        return bool(self.municipalities)


def place_names(session: Session) -> PlaceNames:
    municipalities: dict[str, tuple[str, str | None]] = {}
    counties: dict[str, str] = {}
    for row in session.scalars(select(Boundary)):
        if row.kind == "municipality":
            municipalities[name_key(row.name)] = (row.code, row.county_code)
        else:
            counties[county_key(row.name)] = row.code
    return PlaceNames(municipalities, counties)
