"""A tenant's own areas (neighbourhoods, hot spots) from GeoJSON: validated, kept, and published."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.contracts.fields import GeoPoint, ShortText, Slug
from embrace.geo.areas import TenantArea, nesting_problems
from embrace.geo.polygons import GeometryError, polygonal
from embrace.sqlstore.outbox import enqueue
from embrace.sqlstore.place_tables import StoredArea
from embrace.sqlstore.places import area_message
from embrace.topics import AREAS
from embrace.validation import Places, Problem

MAX_FEATURES = 500


class _GeoJson(BaseModel):
    """GeoJSON from a GIS carries members and properties of its own; they are ignored, except that
    naming a tenant or organisation is refused as in every other payload: those come from the key."""

    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _names_no_owner(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for owner in ("tenant", "organisation"):
                if owner in data:
                    raise PydanticCustomError("extra_forbidden", "Extra inputs are not permitted")
        return data


class AreaProperties(_GeoJson):
    id: Slug
    name: ShortText
    kind: Literal["neighbourhood", "hotspot", "district"] = "neighbourhood"
    parent: Slug | None = Field(None, description="The id of the area this one lies within.")


class AreaFeature(_GeoJson):
    type: Literal["Feature"]
    properties: AreaProperties
    geometry: dict[str, Any]


class AreaCollection(_GeoJson):
    type: Literal["FeatureCollection"]
    features: Annotated[list[AreaFeature], Field(min_length=1, max_length=MAX_FEATURES)]


AreaUpload = Annotated[AreaCollection | AreaFeature, Field(discriminator="type")]


@dataclass(frozen=True)
class AreaChange:
    area_id: str
    name: str
    kind: str
    version: int
    status: Literal["created", "updated", "unchanged"]


def check_features(features: list[AreaFeature], places: Places, prefix: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, feature in enumerate(features):
        at = f"{prefix}{index}." if prefix else ""  # a lone Feature's fields are named without an index
        if feature.properties.id in seen:
            problems.append(
                Problem(
                    f"{at}properties.id",
                    "duplicate_id",
                    "the id appears twice",
                    {"id": feature.properties.id},
                )
            )
        seen.add(feature.properties.id)
        where = f"{at}geometry"
        try:
            shape = polygonal(feature.geometry)
        except GeometryError as exc:
            problems.append(
                Problem(where, "invalid_geometry", f"invalid geometry: {exc}", {"reason": str(exc)})
            )
            continue
        centre = shape.representative_point()
        if not places.in_sweden(GeoPoint(lat=centre.y, lon=centre.x)):
            problems.append(Problem(where, "outside_sweden", "the area is not in Sweden"))
    return problems


def store_areas(
    session: Session, tenant: str, features: list[AreaFeature], now: datetime
) -> list[AreaChange]:
    """Create or update each area by its id; unchanged ones are not published again."""
    changes = []
    for feature in features:
        props = feature.properties
        stored = session.scalars(
            select(StoredArea).where(StoredArea.tenant == tenant, StoredArea.area_id == props.id)
        ).first()
        same = stored is not None and (stored.name, stored.kind, stored.parent, stored.geometry) == (
            props.name, props.kind, props.parent, feature.geometry,
        )  # fmt: skip
        if stored is not None and same:
            changes.append(AreaChange(props.id, props.name, props.kind, stored.version, "unchanged"))
            continue
        status: Literal["created", "updated"] = "created" if stored is None else "updated"
        if stored is None:
            stored = StoredArea(id=str(uuid.uuid4()), tenant=tenant, area_id=props.id, version=0)
            session.add(stored)
        stored.name, stored.kind, stored.parent = props.name, props.kind, props.parent
        stored.geometry = feature.geometry
        stored.version += 1
        stored.updated_at = now
        session.flush()
        enqueue(session, [AREAS.record(area_message(stored))])
        changes.append(AreaChange(props.id, props.name, props.kind, stored.version, status))
    return changes


def nesting(session: Session, tenant: str, features: list[AreaFeature], prefix: str) -> list[Problem]:
    """A parent must be one of the tenant's areas (stored, or in the same upload) and contain its child."""
    areas = {
        a.area_id: TenantArea.of(a.area_id, a.name, a.parent, a.geometry) for a in areas_of(session, tenant)
    }
    for f in features:
        areas[f.properties.id] = TenantArea.of(
            f.properties.id, f.properties.name, f.properties.parent, f.geometry
        )
    wrong = nesting_problems(areas)
    return [
        Problem(f"{prefix}{n}.properties.parent" if prefix else "properties.parent", "area_nesting",
                wrong[f.properties.id], {"reason": wrong[f.properties.id]})
        for n, f in enumerate(features) if f.properties.id in wrong
    ]  # fmt: skip


def areas_of(session: Session, tenant: str) -> list[StoredArea]:
    return list(
        session.scalars(select(StoredArea).where(StoredArea.tenant == tenant).order_by(StoredArea.name))
    )
