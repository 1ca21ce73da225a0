"""Field types shared by the message contracts."""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

MunicipalityCode = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}$"),
    Field(description="Tenant: the municipality's 4-digit code (kommunkod), e.g. 0180 for Stockholm."),
]
CountyCode = Annotated[
    str, StringConstraints(pattern=r"^[0-9]{2}$"), Field(description="2-digit county code.")
]
CategoryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,63}$"),
    Field(description="A code from the taxonomy (see embrace/data/taxonomy.csv)."),
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
IsoWeek = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$")]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]

# Who reported: the kind of partner organisation, or an imported public source.
Source = Literal[
    "municipality", "police", "housing", "security", "association", "business", "other", "police_events"
]
# How it reached us.
Channel = Literal["web", "api", "kafka", "import", "demo"]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise PydanticCustomError("finite_number", "must be a finite number")
    return value


class Contract(BaseModel):
    """Base of every model on the bus: strict about unknown fields, immutable once built."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class GeoPoint(Contract):
    """WGS 84 coordinates."""

    lat: Annotated[float, AfterValidator(_finite), Field(ge=-90, le=90)]
    lon: Annotated[float, AfterValidator(_finite), Field(ge=-180, le=180)]
