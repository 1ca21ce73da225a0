"""``/v1/areas``: a tenant's own areas as GeoJSON."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel

from embrace.contracts.fields import MunicipalityCode
from embrace.http.problems import PROBLEM_RESPONSES, FieldError, invalid
from embrace.http.security import AreaManager, Reader, tenant_for
from services.ingest.areas import AreaCollection, AreaUpload, areas_of, check_features, nesting, store_areas
from services.ingest.context import IngestDep


class AreaOut(BaseModel):
    id: str
    name: str
    kind: str
    version: int
    status: Literal["created", "updated", "unchanged"]


class AreasStored(BaseModel):
    areas: list[AreaOut]


router = APIRouter(prefix="/v1/areas", tags=["areas"], responses=PROBLEM_RESPONSES)


@router.post("", response_model=AreasStored)
def upload(
    upload: Annotated[AreaUpload, Body(description="A GeoJSON Feature or FeatureCollection of polygons.")],
    principal: AreaManager,
    ingest: IngestDep,
) -> AreasStored:
    """Create or update areas by `properties.id`; `name` and `kind` (neighbourhood, hotspot, district)."""
    features = upload.features if isinstance(upload, AreaCollection) else [upload]
    prefix = "features." if isinstance(upload, AreaCollection) else ""
    problems = check_features(features, ingest.places, prefix)
    if problems:
        raise invalid([FieldError.of(p) for p in problems])
    with ingest.sql_store.session() as session:
        problems = nesting(session, principal.tenant, features, prefix)
        if problems:
            raise invalid([FieldError.of(p) for p in problems])
        changes = store_areas(session, principal.tenant, features, datetime.now(UTC))
    stored = [
        AreaOut(id=c.area_id, name=c.name, kind=c.kind, version=c.version, status=c.status) for c in changes
    ]
    return AreasStored(areas=stored)


@router.get("")
def list_all(
    principal: Reader,
    ingest: IngestDep,
    tenant: Annotated[MunicipalityCode | None, Query(description="Regional users: another tenant.")] = None,
) -> dict[str, Any]:
    """The tenant's areas as a GeoJSON FeatureCollection."""
    chosen = tenant_for(principal, tenant)
    with ingest.sql_store.session() as session:
        features = [
            {"type": "Feature", "geometry": a.geometry,
             "properties": {"id": a.area_id, "name": a.name, "kind": a.kind, "parent": a.parent,
                            "version": a.version}}
            for a in areas_of(session, chosen)
        ]  # fmt: skip
    return {"type": "FeatureCollection", "features": features}
