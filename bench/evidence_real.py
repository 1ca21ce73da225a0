"""The statistics measured on the real police history, beside the rules they replaced: placebo
interventions (where nothing was done, so any verdict but "no sign" or "too little" is false), weekly
report flags, and spike alarms with outbreaks injected into real series."""

from __future__ import annotations

from collections import Counter

import numpy as np

from bench import before
from embrace.statistics.dispersion import of_table
from embrace.statistics.effects import Counts, precision, relative_effect, verdict
from embrace.statistics.farrington import Threshold, expected
from embrace.statistics.matching import choose
from embrace.warehouse import Warehouse
from services.reporting.weekly.report import weekly_report

Series = dict[tuple[str, str], np.ndarray]
FALSE = ("seems effective", "seems harmful")


def dispersions(series: Series) -> tuple[float, float]:
    """The median and 90th percentile of variance over mean, of the weekly series with a notice a
    fortnight or more."""
    ratios = [s.var(ddof=1) / s.mean() for s in series.values() if s.sum() >= 26]
    return float(np.median(ratios)), float(np.percentile(ratios, 90))


def placebo_effects(series: Series, county: dict[str, str], draws: int, seed: int) -> dict[str, float]:
    """Interventions that never were, in a municipality against the others of its county."""
    rng = np.random.default_rng(seed)
    crime = {m: s for (m, group), s in series.items() if group == "crime" and m in county}
    targets = [m for m, s in crime.items() if s.sum() >= 52]  # at least a notice a week on average
    found: dict[str, Counter[str]] = {"now": Counter(), "before": Counter()}
    for _ in range(draws):
        target = targets[rng.integers(len(targets))]
        weeks = int(rng.choice([4, 8, 13]))
        history = max(12, weeks)
        start = int(rng.integers(history, len(crime[target]) - weeks + 1))
        others = {m: s for m, s in crime.items() if county[m] == county[target] and m != target}
        if not others:
            continue
        found["now"][_judged(crime[target], others, start, weeks, history)] += 1
        rest = np.sum(list(others.values()), axis=0)
        found["before"][before.effect_verdict(_counts(crime[target], start, weeks),
                                              _counts(rest, start, weeks))] += 1  # fmt: skip
    return {rule: sum(v[f] for f in FALSE) / sum(v.values()) for rule, v in found.items()}


def _counts(weekly: np.ndarray, start: int, weeks: int) -> Counts:
    return Counts(float(weekly[start - weeks : start].sum()), float(weekly[start : start + weeks].sum()))


def _judged(target: np.ndarray, others: dict[str, np.ndarray], start: int, weeks: int, history: int) -> str:
    window = slice(start - history, start)
    chosen = choose(target[window], {m: s[window] for m, s in others.items()})
    if chosen is None:
        return "too little data to tell"
    pooled = np.sum([others[m.key] for m in chosen.chosen], axis=0)
    place, comparison = _counts(target, start, weeks), _counts(pooled, start, weeks)
    dispersion = of_table(np.vstack([target[window], pooled[window]]))
    effect = relative_effect(place, comparison, dispersion)
    return verdict(effect, precision(place.before, comparison, dispersion).enough, chosen.fair)


def report_flags(warehouse: Warehouse, tenants: list[str], weeks: list[str]) -> dict[str, float]:
    """The share of rows flagged, and of those on a count of 0 or 1, now and by the rule before."""
    rows = now = then = small_now = small_then = 0
    for tenant in tenants:
        for week in weeks:
            for table in weekly_report(warehouse, tenant, week).by.values():
                for row in table:
                    if row.mean_4 is None or row.mean_12 is None:  # a tenant's first week: nothing before
                        continue
                    old = before.flag(row.last_week, row.mean_4, row.mean_12)
                    rows += 1
                    now, then = now + bool(row.flag), then + bool(old)
                    small_now += bool(row.flag) and row.last_week <= 1
                    small_then += bool(old) and row.last_week <= 1
    return {"rows": rows, "now": now / rows, "before": then / rows, "small_now": small_now,
            "small_before": small_then, "flagged_before": then}  # fmt: skip


def alarms(
    series: Series, weeks: range, seed: int, sizes: tuple[float, ...] = (3.0, 5.0)
) -> dict[str, dict[str, float]]:
    """Alarms per 100 series-years on the real weekly counts per municipality and category (every alarm
    counted as false: an upper bound), and the share of outbreaks found when ``size`` times the square
    root of the recent mean is added to a week."""
    rng = np.random.default_rng(seed)
    active = np.array([s for s in series.values() if s.sum() >= 26])
    rules = {"now": _new_alarms, "before": before.alarms}
    found = {r: dict.fromkeys(["per_100_series_years", *(f"found_{s:g}" for s in sizes)], 0.0) for r in rules}
    for week in weeks:
        past, now = active[:, :week], active[:, week]
        bigger = {s: now + rng.poisson(s * np.sqrt(past[:, -8:].mean(axis=1) + 1)) for s in sizes}
        for name, rule in rules.items():
            found[name]["per_100_series_years"] += rule(past, now).sum() * 5200
            for s, counts in bigger.items():
                found[name][f"found_{s:g}"] += rule(past, counts).sum()
    for figures in found.values():
        for key in figures:
            figures[key] /= len(active) * len(weeks)
    return found | {"series": {"count": float(len(active))}}


def _new_alarms(past: np.ndarray, now: np.ndarray) -> np.ndarray:
    threshold = Threshold()
    alarms = np.zeros(len(now), dtype=bool)
    big = np.flatnonzero(now >= threshold.minimum)
    if big.size:
        for row, baseline in zip(big, expected(past[big]), strict=True):
            alarms[row] = threshold.met(int(now[row]), baseline.z(int(now[row])))
    return alarms
