"""An alert: something in the numbers that partners should look at."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from embrace.contracts.envelope import Versioned
from embrace.contracts.fields import CategoryCode, IsoWeek, Slug


class Alert(Versioned):
    """One alert per rule, series and week (``event_id``), updated as the week runs.

    A higher ``version`` carries new numbers; ``closed`` marks the evaluation after the week ended, which
    is final; ``retracted`` withdraws an alert that corrections have undone.
    """

    rule: Annotated[str, Field(max_length=64)]
    severity: Literal["info", "warning", "critical"]
    week: IsoWeek
    area_id: Slug | None = None
    category: CategoryCode | None = None
    observed: Annotated[float, Field(ge=0)]
    expected: Annotated[float, Field(ge=0)]
    z: float = Field(0.0, description="The Poisson z-score 2(√observed − √expected).")
    closed: bool = Field(False, description="Evaluated after the week ended: these numbers are final.")
    message: Annotated[str, Field(max_length=500)]
