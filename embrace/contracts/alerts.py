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
    expected: Annotated[float, Field(ge=0)] = Field(description="What the series' history leads one to "
                                                    "expect this week.")  # fmt: skip
    z: float = Field(0.0, description="How rare the count is in an ordinary week, as a standard normal's z "
                     "(3: as rare as 0.135 % of weeks), by the series' own dispersion.")  # fmt: skip
    dispersion: Annotated[float, Field(ge=1)] = Field(1.0, description="The variance of an ordinary "
                                                      "week's count over its mean.")  # fmt: skip
    baseline_years: Annotated[int, Field(ge=0, le=5)] = Field(0, description="Years of the same weeks the "
                                                              "expectation comes from; 0: the weeks just "
                                                              "before.")  # fmt: skip
    closed: bool = Field(False, description="Evaluated after the week ended: these numbers are final.")
    message: Annotated[str, Field(max_length=500)]
