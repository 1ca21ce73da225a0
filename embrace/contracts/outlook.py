"""A place's outlook for next week, as the weekly schedule computes it for the dashboards: its
expected incidents with an 80 % interval, and whether it was a tested hot or cold spot in the four
weeks before. One message per tenant, week, H3 cell (resolution 8) and category group ('' for all);
places, never people."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from embrace.contracts.enriched import CategoryGroup
from embrace.contracts.envelope import Event
from embrace.contracts.fields import IsoWeek


class PlaceOutlook(Event):
    week: IsoWeek = Field(description="The week the outlook is for.")
    as_of: IsoWeek = Field(description="The last week whose counts it used.")
    cell: str = Field(pattern=r"^[0-9a-f]{15}$", description="H3 cell, resolution 8.")
    category_group: CategoryGroup | Literal[""] = Field(
        default="", description="The category group forecast and tested; '' for all categories."
    )
    lat: float
    lon: float
    incidents: int = Field(ge=0, description="Incidents placed in the cell in the four weeks to as_of.")
    gi_z: float | None = None  # None: the municipality has no boundary, so no cells were tested
    kind: Literal["hot", "cold", ""] = ""
    expected: float | None = Field(default=None, ge=0)
    low: int | None = None
    high: int | None = None
