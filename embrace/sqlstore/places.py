"""A tenant's areas and gazetteer as kept in the SQL store, as the messages that announced them.

Enrich starts from these (an embedded run has no topic to replay) and follows the topics from then on.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.contracts import Area, Place
from embrace.contracts.fields import GeoPoint
from embrace.geo.areas import AreaIndex, TenantArea
from embrace.sqlstore.place_tables import StoredArea, StoredPlace


def area_message(stored: StoredArea) -> Area:
    return Area(
        event_id=uuid.UUID(stored.id), tenant=stored.tenant, occurred=stored.updated_at,
        published=stored.updated_at, version=stored.version, area_id=stored.area_id, name=stored.name,
        kind=stored.kind, parent=stored.parent, geometry=stored.geometry,
    )  # fmt: skip


def place_message(stored: StoredPlace) -> Place:
    return Place(
        event_id=uuid.UUID(stored.id), tenant=stored.tenant, occurred=stored.updated_at,
        published=stored.updated_at, version=stored.version, name=stored.name,
        point=GeoPoint(lat=stored.lat, lon=stored.lon), area_id=stored.area_id,
    )  # fmt: skip


def stored_areas(session: Session) -> Iterator[Area]:
    for stored in session.scalars(select(StoredArea).order_by(StoredArea.tenant, StoredArea.area_id)):
        yield area_message(stored)


def area_index(session: Session, tenant: str) -> AreaIndex:
    """The tenant's areas as they stand, to tell which one a point lies in."""
    stored = session.scalars(select(StoredArea).where(StoredArea.tenant == tenant))
    return AreaIndex(TenantArea.of(a.area_id, a.name, a.parent, a.geometry) for a in stored)


def stored_places(session: Session) -> Iterator[Place]:
    for stored in session.scalars(select(StoredPlace).order_by(StoredPlace.tenant, StoredPlace.name)):
        yield place_message(stored)
