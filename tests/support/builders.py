"""Small builders of valid contract values; tests override only what they are about."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from embrace.contracts import Incident, IncidentReport, Instant, Location, Window
from embrace.contracts.fields import GeoPoint

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)  # Monday of 2026-W06
TENANT = "9999"


def envelope(**fields: Any) -> dict[str, Any]:
    """The fields every message carries, for tests that build a contract from a dict."""
    return {"event_id": uuid.uuid4(), "tenant": TENANT, "occurred": NOW, "published": NOW, **fields}


def incident(
    category: str = "littering",
    at: datetime | None = None,
    *,
    window: tuple[datetime, datetime] | None = None,
    point: tuple[float, float] | None = None,
    address: str | None = None,
    area_id: str | None = "centrum",
    **fields: Any,
) -> Incident:
    time = Window(start=window[0], end=window[1]) if window else Instant(at=at or NOW - timedelta(days=3))
    location = Location(
        point=GeoPoint(lat=point[0], lon=point[1]) if point else None, address=address, area_id=area_id
    )
    return Incident(category=category, time=time, location=location, **fields)


def report(
    *incidents: Incident,
    report_id: uuid.UUID | None = None,
    version: int = 1,
    retracted: bool = False,
    tenant: str = TENANT,
    organisation: str = "kommunen",
    source: str = "municipality",
    channel: str = "api",
    occurred: datetime = NOW,
) -> IncidentReport:
    return IncidentReport(
        event_id=report_id or uuid.uuid4(),
        version=version,
        retracted=retracted,
        tenant=tenant,
        organisation=organisation,
        source=source,
        channel=channel,
        occurred=occurred,
        published=occurred,
        incidents=[] if retracted else list(incidents or (incident(),)),
    )


def square(west: float, south: float, size: float, height: float | None = None) -> dict[str, Any]:
    """A GeoJSON polygon: a rectangle from its south-west corner."""
    north = south + (size if height is None else height)
    ring = [[west, south], [west + size, south], [west + size, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}
