"""Counts with a known truth, to calibrate the methods by simulation: how often each one cries wolf when
nothing happened, and how often it sees what did. The test suite runs these with fixed seeds and asserts
the rates; ``bench/evidence.py`` runs them larger, beside the same measures on the real police history.

Weekly counts are negative binomial with variance ``dispersion × mean`` (1 is Poisson) around a seasonal
curve ``1 + amplitude × sin(2π(week + phase)/52)``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from embrace.contracts.effects import Verdict
from embrace.statistics.dispersion import of_table
from embrace.statistics.effects import Counts, precision, relative_effect, verdict
from embrace.statistics.farrington import Threshold, expected
from embrace.statistics.flags import Judged, flags, judge


def counts(rng: np.random.Generator, mean: np.ndarray, dispersion: float) -> np.ndarray:
    """Negative binomial counts of these means and variance ``dispersion × mean``."""
    mean = np.maximum(np.asarray(mean, dtype=float), 1e-9)
    if dispersion <= 1.0 + 1e-9:
        return rng.poisson(mean)
    return rng.negative_binomial(mean / (dispersion - 1), 1 / dispersion)


def season(weeks: np.ndarray, amplitude: float | np.ndarray, phase: float | np.ndarray) -> np.ndarray:
    return 1 + amplitude * np.sin(2 * math.pi * (weeks + phase) / 52)


@dataclass(frozen=True)
class EffectWorld:
    """The draws of the effect calibration: a target of ``level`` incidents a week, a comparison
    ``size`` times as large, both over-dispersed and sharing one season; the intervention multiplies the
    target's weeks by ``effect`` while it runs (1: no effect)."""

    effect: float = 1.0
    level: tuple[float, float] = (1.0, 15.0)
    size: tuple[float, float] = (0.5, 100.0)
    dispersion: tuple[float, float] = (1.0, 3.0)
    amplitude: float = 0.6
    running: tuple[int, int] = (4, 26)  # weeks the intervention has run

    def draw(self, rng: np.random.Generator) -> Verdict:
        level, size = rng.uniform(*self.level), math.exp(rng.uniform(*np.log(self.size)))
        during = int(rng.integers(self.running[0], self.running[1] + 1))
        history = min(52, max(12, during))
        weeks = np.arange(-history, during)
        factor = season(weeks, rng.uniform(0, self.amplitude), rng.uniform(0, 52))
        target = counts(
            rng, level * factor * np.where(weeks >= 0, self.effect, 1.0), rng.uniform(*self.dispersion)
        )
        compared = counts(rng, level * size * factor, rng.uniform(*self.dispersion))
        dispersion = of_table(np.vstack([target[:history], compared[:history]]))
        cut = history - during
        place, other = (
            Counts(float(s[cut:history].sum()), float(s[history:].sum())) for s in (target, compared)
        )
        effect = relative_effect(place, other, dispersion)
        return verdict(effect, precision(place.before, other, dispersion).enough)


def verdicts(world: EffectWorld, draws: int, seed: int) -> Counter[Verdict]:
    rng = np.random.default_rng(seed)
    return Counter(world.draw(rng) for _ in range(draws))


@dataclass(frozen=True)
class ReportWorld:
    """A weekly report of ``rows`` series with no change at all: means from 0.2 to 30 a week, dispersion
    1 to 3, twelve weeks before and the week judged."""

    rows: int = 60
    dispersion: tuple[float, float] = (1.0, 3.0)

    def flagged(self, rng: np.random.Generator) -> int:
        judged: list[Judged] = []
        for _ in range(self.rows):
            mean = math.exp(rng.uniform(math.log(0.2), math.log(30)))
            weeks = counts(rng, np.full(13, mean), rng.uniform(*self.dispersion))
            judged.append(judge(int(weeks[-1]), [int(n) for n in weeks[:-1]]))
        return sum(1 for flag in flags(judged) if flag)


def flag_rates(world: ReportWorld, reports: int, seed: int) -> tuple[float, float]:
    """The share of reports with any flag, and of rows flagged, on noise alone."""
    rng = np.random.default_rng(seed)
    flagged = [world.flagged(rng) for _ in range(reports)]
    return sum(1 for f in flagged if f) / reports, sum(flagged) / (reports * world.rows)


@dataclass(frozen=True)
class SeriesWorld:
    """Weekly series for alerts: ``years`` of counts of a level drawn from ``levels``, over-dispersed
    and seasonal, with nothing happening; outbreaks are added by :func:`alert_rates`."""

    levels: tuple[float, ...] = (1.0, 3.0, 10.0, 30.0)
    dispersion: tuple[float, float] = (1.0, 3.0)
    amplitude: float = 0.6
    years: int = 3

    def draw(self, rng: np.random.Generator, series: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Counts, means and dispersions: (series, weeks), (series, weeks), (series,)."""
        weeks = np.arange(52 * self.years)
        level = rng.choice(np.array(self.levels), series)
        amplitude, phase = rng.uniform(0, self.amplitude, series), rng.uniform(0, 52, series)
        means = level[:, None] * season(weeks[None, :], amplitude[:, None], phase[:, None])
        dispersion = rng.uniform(*self.dispersion, series)
        drawn = np.array([counts(rng, m, d) for m, d in zip(means, dispersion, strict=True)])
        return drawn, means, dispersion


Judge = Callable[[np.ndarray, np.ndarray], np.ndarray]  # weeks before, this week -> alarms


def alert_rates(
    world: SeriesWorld, rules: Mapping[str, Judge], series: int, weeks: Sequence[int], seed: int,
    sizes: Sequence[float] = (2.0, 3.0, 5.0),
) -> dict[str, dict[str, float]]:  # fmt: skip
    """Per rule: false alarms per 100 series-years on the weeks judged, and the share of outbreaks found
    for each size (an outbreak adds a Poisson count of ``size`` standard deviations of the week)."""
    rng = np.random.default_rng(seed)
    drawn, means, dispersion = world.draw(rng, series)
    found = {name: dict.fromkeys(["false_alarms", *(f"found_{s:g}sd" for s in sizes)], 0.0) for name in rules}
    for week in weeks:
        before, now = drawn[:, :week], drawn[:, week]
        spread = np.sqrt(dispersion * means[:, week])
        outbreaks = {s: now + rng.poisson(s * spread) for s in sizes}
        for name, alarms in rules.items():
            found[name]["false_alarms"] += alarms(before, now).sum()
            for s, bigger in outbreaks.items():
                found[name][f"found_{s:g}sd"] += alarms(before, bigger).sum()
    judged = series * len(weeks)
    for figures in found.values():
        for key in figures:
            figures[key] = figures[key] * (100 * 52 if key == "false_alarms" else 1) / judged
    return found


def farrington_rule(threshold: Threshold) -> Judge:
    def alarms(before: np.ndarray, now: np.ndarray) -> np.ndarray:
        baselines = expected(before)
        return np.array([threshold.met(int(n), b.z(int(n))) for n, b in zip(now, baselines, strict=True)])

    return alarms
