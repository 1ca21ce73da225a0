"""Field types shared by the message contracts."""

from __future__ import annotations

import math
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
)
from pydantic_core import PydanticCustomError

from embrace.scrubbing import scrub

# Every date and time the platform keeps lies in these years: what the warehouse's Date columns can hold
# (1970-2149) and what makes sense for reports, interventions and surveys. One bound for every store.
EARLIEST_YEAR = 1970
LATEST_YEAR = 2099
_D = TypeVar("_D", bound=date)  # a date, or a datetime (which is one)

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


def _plausible_year(year: int) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise PydanticCustomError(
            "date_range",
            "must lie in the years {earliest}-{latest}",
            {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


def _storable(value: _D) -> _D:
    _plausible_year(value.year)
    return value


@cache  # every message carries a week, and a stream has few distinct ones
def _existing_week(value: str) -> str:
    year, week = int(value[:4]), int(value[6:])
    _plausible_year(year)
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise PydanticCustomError(
            "iso_week", "{week} does not exist: {year} has 52 ISO weeks", {"week": value, "year": year}
        ) from None
    return value


def _week_pattern() -> str:
    """Exactly the weeks that exist in the years above, so the published schema says what is accepted."""
    years = range(EARLIEST_YEAR, LATEST_YEAR + 1)
    long_years = "|".join(str(y) for y in years if date(y, 12, 28).isocalendar()[1] == 53)
    return rf"^((19[7-9][0-9]|20[0-9][0-9])-W(0[1-9]|[1-4][0-9]|5[0-2])|({long_years})-W53)$"


# A calendar date / an instant with an offset, within the years above.
Day = Annotated[date, AfterValidator(_storable)]
Moment = Annotated[AwareDatetime, AfterValidator(_storable)]
# An ISO week that exists ("2026-W05"; 2025 has no week 53).
IsoWeek = Annotated[
    str,
    StringConstraints(pattern=_week_pattern()),
    AfterValidator(_existing_week),
    Field(description=f"ISO week YYYY-Www that exists, in {EARLIEST_YEAR}-{LATEST_YEAR}, e.g. 2026-W05."),
]
# An ISO week checked on its own, as a form's field or a command's flag gives it.
ISO_WEEK: TypeAdapter[str] = TypeAdapter(IsoWeek)
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


def _scrubbed(value: object) -> object:
    return scrub(value).text if isinstance(value, str) else value


# What people write about a situation (a task, a decision, a problem's causes, an intervention): a personal
# identity number, phone number or e-mail address in it becomes a placeholder (embrace.scrubbing) before
# the length is checked, wherever the text comes from, so that no such text is stored or published.
ShortProse = Annotated[ShortText, BeforeValidator(_scrubbed)]
LongProse = Annotated[LongText, BeforeValidator(_scrubbed)]

# The kinds of partner organisation.
OrganisationKind = Literal[
    "municipality", "police", "housing", "security", "association", "business", "other"
]
# Who reported: the kind of partner organisation, or an imported public source.
Source = Literal[OrganisationKind, "police_events"]
# How it reached us.
Channel = Literal["web", "api", "kafka", "import", "demo"]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise PydanticCustomError("finite_number", "must be a finite number")
    return value


class Contract(BaseModel):
    """Base of every model on the bus: strict about unknown fields, immutable once built."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def one_of_given(*names: str) -> dict[str, Any]:
    """JSON Schema of "at least one of these fields, and not null": what a model validator demands."""
    return {"anyOf": [{"required": [n], "properties": {n: {"not": {"type": "null"}}}} for n in names]}


class GeoPoint(Contract):
    """WGS 84 coordinates."""

    lat: Annotated[float, AfterValidator(_finite), Field(ge=-90, le=90)]
    lon: Annotated[float, AfterValidator(_finite), Field(ge=-180, le=180)]
