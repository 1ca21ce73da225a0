"""Spike alerts fire on a spike against the series' own history and dispersion, never on small counts, and
on lumpy series far less often than the rule of the eight weeks' mean did."""

from __future__ import annotations

import numpy as np

from embrace.statistics.calibration import counts
from services.aggregate.spikes import Rule, Series, spikes

WEEK = "2026-W10"


def test_a_rise_from_five_to_twenty_a_week_is_a_spike_with_its_numbers() -> None:
    graffiti = Series("0180", "graffiti", "centrum")
    [spike] = spikes(WEEK, {graffiti: [5, 4, 6, 5, 5, 6, 4, 5, 20]})
    assert (spike.series, spike.observed, spike.expected, spike.years) == (graffiti, 20, 5.0, 0)
    assert 4 < spike.z < 5  # twenty where five are usual, week after week, is very rare
    assert spike.alert_id == spikes(WEEK, {graffiti: [5, 4, 6, 5, 5, 6, 4, 5, 21]})[0].alert_id  # updated


def test_small_counts_and_modest_rises_are_not_alerts() -> None:
    counts_by_series = {
        Series("0180", "theft"): [0, 0, 0, 0, 0, 0, 0, 0, 4],  # four incidents are not news
        Series("0180", "littering"): [40, 38, 45, 41, 39, 44, 40, 42, 55],  # a percentage would shout
    }
    assert spikes(WEEK, counts_by_series) == []


def test_a_lumpy_series_needs_a_bigger_count_than_a_steady_one_of_the_same_mean() -> None:
    steady = Series("0180", "graffiti")
    lumpy = Series("0180", "littering")  # a caretaker's round reported at once, every other week
    history = {steady: [6, 5, 6, 5, 6, 5, 6, 5] * 3, lumpy: [0, 11, 1, 10, 0, 11, 0, 11] * 3}
    found = spikes(WEEK, {s: [*h, 16] for s, h in history.items()})
    assert [s.series for s in found] == [steady]


def test_a_tenants_own_threshold_is_its_own() -> None:
    graffiti = Series("1280", "graffiti")
    history = [5, 4, 6, 5, 5, 6, 4, 5, 20]
    assert spikes(WEEK, {graffiti: history}, Rule(z=3.0, minimum=25)) == []


def test_one_hundred_steady_series_over_a_year_raise_few_alarms() -> None:
    rng = np.random.default_rng(7)
    history = np.array([counts(rng, np.full(60, 10.0), 1.0) for _ in range(100)])
    alarms = sum(
        len(spikes(WEEK, {Series("0180", f"c{n}"): history[n, : w + 1].tolist() for n in range(100)}))
        for w in range(8, 60)
    )
    assert alarms <= 20  # 5,200 series-weeks: about 7 promised by z = 3
