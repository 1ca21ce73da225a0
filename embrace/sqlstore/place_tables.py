"""Tables of places: the areas tenants draw, their gazetteers' named places, geocoders' answers, and the
official municipalities and counties."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from embrace.sqlstore.tables import Base, UtcDateTime, _now


class StoredArea(Base):
    """A tenant's own area (neighbourhood, hot spot), as GeoJSON."""

    __tablename__ = "areas"
    __table_args__ = (UniqueConstraint("tenant", "area_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(ForeignKey("tenants.code"))
    area_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    parent: Mapped[str | None] = mapped_column(String(64), nullable=True)
    version: Mapped[int] = mapped_column(default=1)
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class Geocoded(Base):
    """A geocoder's answer for a tenant's text: a point in the tenant's municipality, or none found."""

    __tablename__ = "geocoded"
    tenant: Mapped[str] = mapped_column(String(4), primary_key=True)
    text_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    lat: Mapped[float | None] = mapped_column(nullable=True)
    lon: Mapped[float | None] = mapped_column(nullable=True)
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class StoredPlace(Base):
    """A named place of a tenant's gazetteer (`embrace places import`)."""

    __tablename__ = "places"
    __table_args__ = (UniqueConstraint("tenant", "name_key"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(ForeignKey("tenants.code"))
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300))
    lat: Mapped[float]
    lon: Mapped[float]
    area_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=_now)


class Boundary(Base):
    """An official municipality or county: code and name, and its boundary once one is imported
    (`embrace geo import` of a GeoJSON for boundaries, of a CSV of codes and names for names only)."""

    __tablename__ = "boundaries"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    county_code: Mapped[str | None] = mapped_column(String(2), nullable=True)
    geometry: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
