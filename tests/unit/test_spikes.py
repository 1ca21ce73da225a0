"""Spike alerts fire on a spike and, on pure Poisson noise, as rarely as the threshold promises."""

from __future__ import annotations

import math

import numpy as np

from services.aggregate.spikes import Rule, Series, spikes, z_score

WEEK = "2026-W10"


def test_a_rise_from_five_to_twenty_a_week_is_a_spike_with_its_numbers() -> None:
    graffiti = Series("0180", "graffiti", "centrum")
    [spike] = spikes(WEEK, {graffiti: [5, 4, 6, 5, 5, 6, 4, 5, 20]})
    assert (spike.series, spike.observed, spike.expected, spike.z) == (graffiti, 20, 5.0, 4.47)
    assert spike.alert_id == spikes(WEEK, {graffiti: [5, 4, 6, 5, 5, 6, 4, 5, 21]})[0].alert_id  # updated


def test_small_counts_and_modest_rises_are_not_alerts() -> None:
    counts = {
        Series("0180", "theft"): [0, 0, 0, 0, 0, 0, 0, 0, 4],  # z = 4, but four incidents are not news
        Series("0180", "littering"): [40, 38, 45, 41, 39, 44, 40, 42, 55],  # a percentage would shout
    }
    assert z_score(4, 0) == 4
    assert spikes(WEEK, counts) == []


def test_on_pure_noise_the_false_alarm_rate_is_what_z_three_promises() -> None:
    rng = np.random.default_rng(2026)
    # z is about normal with variance 1 + 1/8: the week's own noise, and that of a mean of eight weeks.
    promised = 0.5 * math.erfc(3 / math.sqrt(1 + 1 / 8) / math.sqrt(2))  # 0.23 %
    for mean in (3, 10, 30, 100):
        history = rng.poisson(mean, size=(2000, 60))
        alarms = evaluations = 0
        for week in range(8, 60):
            counts = {Series("0180", f"c{n}"): history[n, week - 8 : week + 1].tolist() for n in range(2000)}
            alarms += len(spikes(WEEK, counts))
            evaluations += len(counts)
        rate = alarms / evaluations
        assert rate <= 1.2 * promised, (mean, rate)  # never (much) more alarms than promised
        if mean >= 30:  # where counts are large enough to be about normal, about as many as promised
            assert rate >= 0.6 * promised, (mean, rate)


def test_the_issue_s_own_check_one_hundred_series_over_a_year() -> None:
    rng = np.random.default_rng(7)
    history = rng.poisson(10, size=(100, 60))
    alarms = sum(
        len(spikes(WEEK, {Series("0180", f"c{n}"): history[n, w - 8 : w + 1].tolist() for n in range(100)}))
        for w in range(8, 60)
    )
    assert alarms <= 20  # 5,200 series-weeks: about 7 expected, and more than 20 would be 1 in 10^5
    assert Rule().z == 3
