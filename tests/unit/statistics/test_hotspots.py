"""Gi* as PySAL computes it, to 1e-6, on H3 cells with binary ring-1 weights; and, by simulation, how
often a map of over-dispersed noise shows a hot spot, and how often a planted cluster is found."""

from __future__ import annotations

import warnings

import h3
import numpy as np
import pytest
from libpysal.weights import W

from embrace.geo.cells import cells_of, ring_one
from embrace.statistics.hotspots import gi_star, hot_and_cold

AREA = {"type": "Polygon", "coordinates": [[[18.0, 59.3], [18.12, 59.3], [18.12, 59.36], [18.0, 59.36],
                                            [18.0, 59.3]]]}  # fmt: skip


def pysal_weights(cells: list[str]) -> W:
    index = set(cells)
    neighbours = {c: [n for n in h3.grid_disk(c, 1) if n in index and n != c] for c in cells}
    return W(neighbours, silence_warnings=True)


@pytest.mark.parametrize("resolution", [8, 9])
def test_z_equals_pysals_g_local_star_with_binary_weights(resolution: int) -> None:
    from esda.getisord import G_Local

    cells = cells_of(AREA, resolution)
    rng = np.random.default_rng(resolution)
    counts = rng.negative_binomial(2, 0.4, size=len(cells)).astype(float)
    ours = gi_star(counts, ring_one(cells))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = G_Local(counts, pysal_weights(cells), transform="B", star=True, permutations=0)
    np.testing.assert_allclose(ours, theirs.Zs, atol=1e-6)


def test_no_counts_or_all_alike_cluster_nowhere() -> None:
    cells = cells_of(AREA, 8)
    assert not gi_star(np.zeros(len(cells)), ring_one(cells)).any()
    assert set(hot_and_cold(np.full(len(cells), 3.0), ring_one(cells)).kind) == {""}


def test_on_noise_few_maps_show_a_hot_spot_and_a_planted_cluster_is_found() -> None:
    cells = cells_of(AREA, 9)
    near = ring_one(cells)
    rng = np.random.default_rng(2026)
    centre = cells.index(h3.latlng_to_cell(59.33, 18.06, 9))
    cluster = [cells.index(c) for c in h3.grid_disk(cells[centre], 1)]
    false_maps = found = 0
    draws = 400
    for _ in range(draws):
        noise = rng.negative_binomial(1, 0.5, size=len(cells)).astype(float)  # mean 1, variance 2
        false_maps += any(k == "hot" for k in hot_and_cold(noise, near).kind)
        planted = noise.copy()
        planted[cluster] += rng.poisson(4, size=len(cluster))
        found += hot_and_cold(planted, near).kind[centre] == "hot"
    assert false_maps / draws <= 0.05  # at most the promised share of maps with any false hot spot
    assert found / draws >= 0.7  # a cluster of +4 a cell over 7 cells (mean 1, variance 2) is found


def test_the_normal_reading_of_z_would_see_hot_spots_in_noise_and_the_randomisation_does_not() -> None:
    from scipy.stats import norm

    from embrace.statistics.flags import adjusted

    cells = cells_of(AREA, 9)
    near = ring_one(cells)
    rng = np.random.default_rng(7)
    normal = randomised = 0
    for _ in range(100):
        noise = rng.negative_binomial(1, 0.5, size=len(cells)).astype(float)
        z = gi_star(noise, near)
        normal += min(adjusted(2 * norm.sf(np.abs(z)))) <= 0.05
        randomised += any(k != "" for k in hot_and_cold(noise, near).kind)
    assert normal >= 20  # skewed small counts: the normal tail is far too thin
    assert randomised <= 5
