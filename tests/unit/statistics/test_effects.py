"""The relative effect: right on exact counts whatever the season, honest about precision, and calibrated
by simulation: at most 6 % false verdicts when nothing happened, at 95 % confidence."""

from __future__ import annotations

import math

import pytest

from embrace.statistics.calibration import EffectWorld, verdicts
from embrace.statistics.dispersion import Dispersion
from embrace.statistics.effects import Counts, precision, relative_effect, verdict

# The scenarios, as counts: target before → during, against the comparison's.
SCENARIOS = {
    "everything rose 60 % with the season": (Counts(25, 40), Counts(500, 800), "no sign of effect"),
    "everything fell 40 % with the season": (Counts(40, 24), Counts(800, 480), "no sign of effect"),
    "the target fell 70 %, the rest flat": (Counts(40, 12), Counts(800, 800), "seems effective"),
    "the target tripled, the rest flat": (Counts(12, 36), Counts(800, 800), "seems harmful"),
    "the target held while the season rose 60 %": (Counts(40, 40), Counts(800, 1280), "seems effective"),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_verdict_of_exact_counts_follows_the_comparisons_trend(name: str) -> None:
    target, comparison, expected = SCENARIOS[name]
    effect = relative_effect(target, comparison)
    assert verdict(effect, precision(target.before, comparison).enough) == expected


def test_the_ratio_of_ratios_its_interval_and_the_incidents_avoided() -> None:
    effect = relative_effect(Counts(40, 12), Counts(800, 800))
    assert effect is not None
    assert effect.ratio == pytest.approx(0.3)
    error = math.sqrt(1 / 40 + 1 / 12 + 2 / 800)
    assert effect.standard_error == pytest.approx(error)
    half = 1.959964 * error
    assert (effect.low, effect.high) == pytest.approx((0.3 * math.exp(-half), 0.3 * math.exp(half)), rel=1e-5)
    assert (effect.expected, effect.avoided, effect.percent) == (40, 28, -70.0)


def test_over_dispersion_widens_the_interval_by_its_square_root_and_students_t() -> None:
    plain = relative_effect(Counts(40, 20), Counts(400, 400))
    lumpy = relative_effect(Counts(40, 20), Counts(400, 400), Dispersion(3.0, 11))
    assert plain is not None
    assert lumpy is not None
    assert lumpy.standard_error == pytest.approx(plain.standard_error * math.sqrt(3))
    assert plain.high < 1 < lumpy.high
    assert verdict(plain, enough=True) == "seems effective"
    assert verdict(lumpy, enough=True) == "no sign of effect"


def test_a_zero_count_gets_half_an_incident_and_nothing_at_all_is_too_little() -> None:
    effect = relative_effect(Counts(10, 0), Counts(100, 100))
    assert effect is not None
    assert effect.ratio == pytest.approx((0.5 / 10.5) / (100.5 / 100.5))
    assert relative_effect(Counts(0, 0), Counts(100, 100)) is None
    assert relative_effect(Counts(10, 5), Counts(0, 10)) is None
    assert verdict(None, enough=True) == "too little data to tell"


def test_too_little_data_is_decided_by_the_precision_expected_not_a_fixed_count() -> None:
    # Eight incidents before: the interval expected when nothing changes reaches past a halving.
    few, many, comparison = Counts(8, 7), Counts(60, 55), Counts(500, 500)
    assert not precision(few.before, comparison).enough
    assert (
        verdict(relative_effect(few, comparison), precision(8, comparison).enough)
        == "too little data to tell"
    )
    assert precision(many.before, comparison).enough
    assert verdict(relative_effect(many, comparison), precision(60, comparison).enough) == "no sign of effect"
    error = math.sqrt(2 / 60 + 2 / 500)
    assert precision(60, comparison).detectable_fall == pytest.approx(
        1 - math.exp(-(1.959964 + 0.841621) * error)
    )
    # A fall the interval already shows is said whatever the precision expected.
    assert verdict(relative_effect(Counts(12, 1), comparison), enough=False) == "seems effective"


def test_an_unfair_comparison_is_not_judged() -> None:
    effect = relative_effect(Counts(40, 12), Counts(800, 800))
    assert verdict(effect, enough=True, fair=False) == "no fair comparison"


def test_with_no_effect_false_verdicts_stay_within_six_percent() -> None:
    """2,000 draws: negative binomial weeks of dispersion 1 to 3, seasons of up to ±60 %, comparisons 0.5
    to 100 times the target's size, interventions of 4 to 26 weeks."""
    found = verdicts(EffectWorld(), draws=2000, seed=20261202)
    false = found["seems effective"] + found["seems harmful"]
    assert false / 2000 <= 0.06, found
    assert false / 2000 >= 0.02, found  # and not so cautious that it never speaks


def test_a_true_thirty_percent_fall_is_found_as_often_as_the_readme_says() -> None:
    found = verdicts(EffectWorld(effect=0.7), draws=2000, seed=20261203)
    power = found["seems effective"] / 2000
    assert 0.26 <= power <= 0.36, found  # README, How sure are we?: 31 % of 10,000 draws
    assert found["seems harmful"] <= 10
