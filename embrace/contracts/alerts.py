"""An alert: something in the numbers that partners should look at."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from embrace.contracts.envelope import Event
from embrace.contracts.fields import CategoryCode, IsoWeek, Slug


class Alert(Event):
    rule: Annotated[str, Field(max_length=64)]
    severity: Literal["info", "warning", "critical"]
    week: IsoWeek
    area_id: Slug | None = None
    category: CategoryCode | None = None
    observed: Annotated[float, Field(ge=0)]
    expected: Annotated[float, Field(ge=0)]
    message: Annotated[str, Field(max_length=500)]
