"""A named place of a tenant's gazetteer: how partners say where ("lekplatsen vid skolan") as a point."""

from __future__ import annotations

from pydantic import Field

from embrace.contracts.envelope import Versioned
from embrace.contracts.fields import GeoPoint, ShortText, Slug


class Place(Versioned):
    name: ShortText = Field(description="As people write it; matched regardless of case, accents, spacing.")
    point: GeoPoint
    area_id: Slug | None = Field(None, description="The tenant's area the place belongs to, if any.")
