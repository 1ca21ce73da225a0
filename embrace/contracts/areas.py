"""A tenant's own area (neighbourhood, hot spot) or an imported municipality boundary, as GeoJSON."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from embrace.contracts.envelope import Versioned
from embrace.contracts.fields import ShortText, Slug

AreaKind = Literal["neighbourhood", "hotspot", "district", "municipality"]


class Area(Versioned):
    area_id: Slug
    name: ShortText
    kind: AreaKind
    parent: Slug | None = Field(None, description="The area this one lies within (district > hot spot).")
    geometry: Annotated[dict[str, Any], Field(description="GeoJSON Polygon or MultiPolygon, WGS 84.")]

    @model_validator(mode="after")
    def _polygonal(self) -> Self:
        if self.retracted:
            return self
        if self.geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise PydanticCustomError("geometry_type", "geometry must be a GeoJSON Polygon or MultiPolygon")
        if not isinstance(self.geometry.get("coordinates"), list):
            raise PydanticCustomError("geometry_coordinates", "geometry needs coordinates")
        return self
