"""The rules embrace/statistics replaced, kept only to be measured beside their successors."""

from __future__ import annotations

import math

import numpy as np

from embrace.statistics.effects import Counts


def poisson_z(current: float, mean: float) -> float:
    return 2 * (math.sqrt(current) - math.sqrt(mean))


def flag(count: int, mean_4: float, mean_12: float) -> str:
    """The weekly report's flag: the larger |z| of the 4- and 12-week comparisons, 2 watch, 3 notable."""
    strongest = max(abs(poisson_z(count, mean_4)), abs(poisson_z(count, mean_12)))
    return "notable" if strongest >= 3 else "watch" if strongest >= 2 else ""


def alarms(before: np.ndarray, now: np.ndarray) -> np.ndarray:
    """The spike rule: at least 5, and z ≥ 3 against the mean of the eight weeks before."""
    mean = before[:, -8:].mean(axis=1)
    return np.asarray((now >= 5) & (2 * (np.sqrt(now) - np.sqrt(mean)) >= 3), dtype=bool)


def effect_verdict(target: Counts, comparison: Counts) -> str:
    """The WDD against the comparison's change in counts, Poisson variance, 10 incidents at least."""
    if target.before + target.during < 10 or not comparison.before:
        return "too little data to tell"
    estimate = target.change - comparison.change
    error = math.sqrt(target.before + target.during + comparison.before + comparison.during)
    if estimate + 1.96 * error < 0:
        return "seems effective"
    if estimate - 1.96 * error > 0:
        return "seems harmful"
    return "no sign of effect"
