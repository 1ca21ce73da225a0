"""Spikes: a week's count of a category (in a tenant, or in one of its areas) against what the series' own
history leads one to expect (:mod:`embrace.statistics.farrington`): the same weeks of earlier years once it
has a year of history, else the weeks just before, each with the series' own dispersion. Never a
percentage.

An alert needs a count of at least ``minimum`` (5: 0 to 4 is not news) and a count so large that ordinary
weeks reach it no more often than a standard normal value exceeds ``z`` (3: 0.135 % of weeks).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from embrace.statistics.farrington import HISTORY, Expected, Threshold, expected

_ALERTS = uuid.UUID("6d2f3c0a-84b5-4e0f-9a57-0f3c2b9e7d11")
CRITICAL = 5.0  # z from which an alert is critical


Rule = Threshold
DEFAULT_RULE = Rule()


@dataclass(frozen=True)
class Rules:
    """The rule of each tenant: its own thresholds where it set them, the default elsewhere."""

    default: Rule = DEFAULT_RULE
    tenants: Mapping[str, Rule] = field(default_factory=dict)

    def of(self, tenant: str) -> Rule:
        return self.tenants.get(tenant, self.default)


@dataclass(frozen=True)
class Series:
    """One count over time: a category in a tenant, or in one of its areas (``area_id``)."""

    tenant: str
    category: str
    area_id: str | None = None


@dataclass(frozen=True)
class Spike:
    series: Series
    week: str
    observed: int
    expected: float
    z: float  # how rare the count is, as a standard normal's z
    dispersion: float = 1.0
    years: int = 0  # years of the same weeks the expectation comes from; 0: the weeks just before

    @property
    def alert_id(self) -> uuid.UUID:
        return alert_id(self.series, self.week)


def alert_id(series: Series, week: str) -> uuid.UUID:
    """One alert per series and week: evaluated again as the week runs, it is updated, not repeated."""
    where = series.area_id or "*"
    return uuid.uuid5(_ALERTS, f"spike/{series.tenant}/{where}/{series.category}/{week}")


def judged(series: Series, week: str, observed: int, baseline: Expected) -> Spike:
    return Spike(series, week, observed, round(baseline.mean, 4), round(baseline.z(observed), 2),
                 round(baseline.dispersion, 3), baseline.years)  # fmt: skip


def expectations(before: Mapping[Series, Sequence[int]]) -> dict[Series, Expected]:
    """What each series' next week is expected to be, from its weeks ``before`` it (oldest first, the same
    number for every series, at most :data:`HISTORY` of them used)."""
    keys = list(before)
    if not keys:
        return {}
    matrix = np.array([list(before[k])[-HISTORY:] for k in keys], dtype=float)
    return dict(zip(keys, expected(matrix), strict=True))


def is_spike(spike: Spike, rule: Rule) -> bool:
    return rule.met(spike.observed, spike.z)


def spikes(
    week: str, counts: Mapping[Series, Sequence[int]], rule: Rule | Rules = DEFAULT_RULE
) -> list[Spike]:
    """The series whose count in ``week`` (the last of its counts) spikes against the weeks before it."""
    rules = rule if isinstance(rule, Rules) else Rules(rule)
    big = {s: c for s, c in counts.items() if c[-1] >= rules.of(s.tenant).minimum}
    baselines = expectations({s: list(c)[:-1] for s, c in big.items()})
    judgements = (judged(s, week, int(c[-1]), baselines[s]) for s, c in big.items())
    return [spike for spike in judgements if is_spike(spike, rules.of(spike.series.tenant))]


DEFAULT_RULES = Rules()
