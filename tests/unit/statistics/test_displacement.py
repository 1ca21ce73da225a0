"""The displacement measures against published numbers: the worked example of Wheeler & Ratcliffe (2018) and
the weighted examples of its author's R package; Bowers & Johnson's quotient by hand; the WDD on a
comparison scaled to the target's size."""

from __future__ import annotations

import math

import pytest

from embrace.statistics.displacement import Areas, Weights, scaled, wdd, wdq
from embrace.statistics.effects import Counts

# Wheeler & Ratcliffe 2018: control, treated, displacement control, displacement treated (pre, post).
PAPER = Areas(target=Counts(207, 110), control=Counts(308, 318), buffer=Counts(178, 157),
              buffer_control=Counts(150, 140))  # fmt: skip


def test_the_papers_worked_example() -> None:
    result = wdd(PAPER)
    assert result.estimate == -118
    assert result.standard_error == pytest.approx(math.sqrt(1568))
    assert round(result.z, 2) == -2.98
    assert (round(result.low), round(result.high)) == (-196, -40)


def test_area_weights_count_per_unit_area() -> None:
    result = wdd(PAPER, Weights(area=(1.2, 0.9, 1.5, 1.6)))
    assert result.estimate == pytest.approx(-99.69444444)
    assert result.standard_error == pytest.approx(35.4280755)
    assert result.z == pytest.approx(-2.813995483)
    assert result.low == pytest.approx(-169.1321965)
    assert result.high == pytest.approx(-30.25669241)


def test_time_weights_count_per_unit_time() -> None:
    two_years_before = Areas(target=Counts(80, 20), control=Counts(100, 50))
    result = wdd(two_years_before, Weights(time=(2, 1)))
    assert result.estimate == -20
    assert result.standard_error == pytest.approx(math.sqrt(115))


def test_the_quotient_and_net_effect_of_bowers_and_johnson() -> None:
    measured = wdq(PAPER)
    assert measured.quotient == pytest.approx(0.2000, abs=5e-4)  # the buffer fell too: diffusion of benefit
    assert measured.net_effect == pytest.approx(112.85, abs=0.01)


def test_the_quotient_is_given_only_where_the_target_improved() -> None:
    worse = Areas(target=Counts(20, 40), control=Counts(100, 100), buffer=Counts(10, 5),
                  buffer_control=Counts(100, 100))  # fmt: skip
    assert wdq(worse).quotient is None


def test_a_scaled_comparison_cancels_a_common_trend_whatever_its_size() -> None:
    season = Areas(target=Counts(25, 40), control=Counts(500, 800), buffer=Counts(15, 24),
                   buffer_control=Counts(500, 800))  # fmt: skip
    assert scaled(season).estimate == pytest.approx(0)
    assert wdd(season).estimate == -300 + 15 - 300 + 9  # unscaled, the big comparison's rise swamps it
    fall = Areas(target=Counts(40, 12), control=Counts(800, 800))
    result = scaled(fall)
    assert result.estimate == -28
    assert result.high < 0
