"""An assessment as the API shows it, and its verdict and comparison said in words."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, Field

from embrace import i18n
from embrace.contracts.effects import ComparisonKind, Verdict
from embrace.messages import VERDICTS, Language
from embrace.statistics.displacement import Areas
from embrace.statistics.effects import Relative
from embrace.statistics.matching import LEVEL_BAND
from services.reporting.effects.assessment import Assessment
from services.reporting.effects.plans import Periods


class Period(BaseModel):
    first: str
    last: str


class Place(BaseModel):
    before: int
    during: int


class Ratio(BaseModel):
    ratio: float = Field(description="During over before, against the comparison's: below 1, fewer.")
    percent: float
    interval: tuple[float, float]


class TargetRatio(Ratio):
    expected: float = Field(description="Incidents during, had the target followed the comparison's trend.")
    avoided: float


class Compared(BaseModel):
    kind: ComparisonKind
    places: list[dict[str, float | str]]
    considered: int
    comparable: bool
    fair: bool
    trend_ratio_before: float = Field(description="The target's second half over its first, against the "
                                      "comparison's, in the weeks before: 1 is a perfect match.")  # fmt: skip
    why: str


class YearEarlierOut(BaseModel):
    before: Period
    during: Period
    counts: dict[Literal["target", "buffer", "comparison"], Place]
    relative_effect: Ratio | None


class EffectOut(BaseModel):
    intervention_id: uuid.UUID
    title: str
    area_id: str
    categories: list[str]
    before: Period
    during: Period
    buffer_m: float
    counts: dict[Literal["target", "buffer", "comparison"], Place]
    comparison: Compared
    dispersion: float = Field(description="Over-dispersion of the weekly counts before (variance/mean).")
    decided_by: Literal["relative_effect"] = "relative_effect"
    relative_effect: TargetRatio | None
    ring_effect: Ratio | None
    detectable_fall: float = Field(description="The smallest fall found with 80% power, as a share.")
    year_earlier: YearEarlierOut | None
    wdd: float
    standard_error: float
    z: float
    confidence_interval: tuple[float, float]
    wdq: float | None
    net_effect: float
    verdict: Verdict
    text: str


def shown(a: Assessment, language: Language) -> EffectOut:
    d, p = a.difference, a.plan
    return EffectOut(
        intervention_id=p.intervention_id, title=p.title, area_id=p.area_id, categories=p.categories,
        **_periods(a.periods), buffer_m=a.buffer_m, counts=_counts(a.counts),
        comparison=_compared(a, language),
        dispersion=round(a.dispersion.phi, 3), relative_effect=_target(a.target), ring_effect=_ratio(a.ring),
        detectable_fall=round(min(1.0, a.precision.detectable_fall), 3),
        year_earlier=None if a.year_earlier is None else YearEarlierOut(
            **_periods(a.year_earlier.periods), counts=_counts(a.year_earlier.counts),
            relative_effect=_ratio(a.year_earlier.target)),
        wdd=round(d.estimate, 2), standard_error=round(d.standard_error, 3), z=round(d.z, 2),
        confidence_interval=(round(d.low, 1), round(d.high, 1)),
        wdq=None if a.quotient.quotient is None else round(a.quotient.quotient, 3),
        net_effect=round(a.quotient.net_effect, 1), verdict=a.verdict, text=VERDICTS[a.verdict][language],
    )  # fmt: skip


def _periods(periods: Periods) -> dict[str, Period]:
    return {"before": Period(first=str(periods.before[0]), last=str(periods.before[1])),
            "during": Period(first=str(periods.during[0]), last=str(periods.during[1]))}  # fmt: skip


def _counts(areas: Areas) -> dict[Literal["target", "buffer", "comparison"], Place]:
    places = {"target": areas.target, "buffer": areas.buffer, "comparison": areas.control}
    return {name: Place(before=int(c.before), during=int(c.during)) for name, c in places.items()}  # type: ignore[misc]


def _ratio(effect: Relative | None) -> Ratio | None:
    if effect is None:
        return None
    return Ratio(ratio=round(effect.ratio, 3), percent=effect.percent,
                 interval=(round(effect.low, 3), round(effect.high, 3)))  # fmt: skip


def _target(effect: Relative | None) -> TargetRatio | None:
    ratio = _ratio(effect)
    if effect is None or ratio is None:
        return None
    return TargetRatio(
        **ratio.model_dump(), expected=round(effect.expected, 1), avoided=round(effect.avoided, 1)
    )


def _compared(a: Assessment, language: Language) -> Compared:
    why = i18n.section("effect.why.", language)
    if a.chosen is None:
        return Compared(kind="none", places=[], considered=0, comparable=False, fair=False,
                        trend_ratio_before=1.0, why=why["none"])  # fmt: skip
    m = a.chosen.matched
    said = why[a.chosen.kind].format(n=len(m.chosen), of=m.considered)
    said += "" if m.comparable else why["level"].format(band=int(LEVEL_BAND))
    said += "" if m.fair else why["unfair"]
    places: list[dict[str, float | str]] = [
        {"id": c.key, "per_week": round(c.profile.level, 2), "trend": round(c.profile.trend, 3)}
        for c in m.chosen
    ]
    return Compared(kind=a.chosen.kind, places=places, considered=m.considered, comparable=m.comparable,
                    fair=m.fair, trend_ratio_before=round(m.trend_ratio, 3), why=said)  # fmt: skip
