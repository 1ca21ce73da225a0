"""Rises shrunk by what their counts can say: five incidents after one is not the biggest rise of the
quarter, one hundred and fifty after one hundred keeps most of its own."""

from __future__ import annotations

import pytest

from embrace.statistics.shrinkage import rate_ratios


def test_a_small_area_is_drawn_towards_the_tenant_and_a_large_one_keeps_its_rise() -> None:
    observed = [5, 150, 40, 42, 38, 41]
    expected = [1, 100, 40, 40, 40, 40]
    small, large, *_ = rate_ratios(observed, expected)
    assert small.ratio < 3  # five times by its counts
    assert large.ratio == pytest.approx(1.5, abs=0.1)
    assert large.low > 1.25  # and sure to have risen
    assert small.low < large.low


def test_over_dispersion_weakens_what_each_count_says() -> None:
    observed, expected = [30, 10, 10, 10], [15, 10, 10, 10]
    plain = rate_ratios(observed, expected)[0]
    lumpy = rate_ratios(observed, expected, dispersion=4.0)[0]
    assert lumpy.ratio < plain.ratio
    assert lumpy.low < plain.low  # less sure how far it rose


def test_an_area_with_nothing_before_still_gets_an_estimate() -> None:
    [new, *_] = rate_ratios([6, 20, 20], [0, 20, 20])
    assert new.low > 0
    assert new.ratio < 10
