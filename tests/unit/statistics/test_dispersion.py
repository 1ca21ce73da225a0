"""Dispersion: Pearson's statistic over its degrees of freedom, floor 1, its small-count bias added back;
across places, what their weeks vary against each other once a shared season is taken out."""

from __future__ import annotations

import numpy as np
import pytest

from embrace.statistics.calibration import counts, season
from embrace.statistics.dispersion import of_series, of_table


def test_a_series_dispersion_is_its_variance_over_its_mean_and_never_below_one() -> None:
    assert of_series([5, 5, 5, 5]).phi == 1.0
    lumpy = of_series([0, 10, 0, 10])  # mean 5, variance 33.3
    assert lumpy.phi == pytest.approx(6.667 + 6.667 * (2 * 6.667 - 1) / (4 * 5), rel=1e-3)
    assert lumpy.df == 3
    assert of_series([]).phi == of_series([0, 0, 0]).phi == 1.0


def test_estimated_on_many_series_it_finds_the_dispersion_they_were_drawn_with() -> None:
    rng = np.random.default_rng(3)
    poisson = [of_series(counts(rng, np.full(26, 3.0), 1.0)).phi for _ in range(2000)]
    assert np.median(poisson) == 1.0
    for truth in (2.0, 4.0):
        for mean in (3.0, 10.0):
            found = [of_series(counts(rng, np.full(26, mean), truth)).phi for _ in range(2000)]
            assert np.mean(found) == pytest.approx(truth, rel=0.1), (truth, mean)
        # At one a week the bias added back errs on the side of caution, not below the truth.
        rare = np.mean([of_series(counts(rng, np.full(26, 1.0), truth)).phi for _ in range(2000)])
        assert truth <= rare <= 1.2 * truth


def test_a_season_shared_by_the_places_is_not_counted_as_dispersion() -> None:
    rng = np.random.default_rng(5)
    weeks = np.arange(52)
    shared = 20 * season(weeks, 0.6, 0)
    table = np.vstack([rng.poisson(shared), rng.poisson(3 * shared)])
    assert of_series(table[0]).phi > 3  # the season alone looks like dispersion within one series
    assert of_table(table).phi < 1.5  # against each other, the places vary as Poisson counts do
