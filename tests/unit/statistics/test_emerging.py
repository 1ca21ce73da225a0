"""Emerging hot spots: each of Esri's patterns is named on its planted case, hot and cold; Mann-Kendall's
tau is Kendall's; and a cube of counts with a planted new and a planted intensifying cluster is read so."""

from __future__ import annotations

import h3
import numpy as np
import pytest
from scipy.stats import kendalltau

from embrace.geo.cells import cells_of, ring_one
from embrace.statistics.emerging import Trend, mann_kendall, pattern, patterns

NONE, RISING, FALLING = Trend(0.0, 1.0), Trend(0.8, 0.001), Trend(-0.8, 0.001)
H, _, C = 1, 0, -1
PLANTED = {  # weeks, oldest first: hot (1), nothing (0), cold (-1); the z trend
    "new": ([_] * 11 + [H], NONE),
    "consecutive": ([_] * 8 + [H] * 4, RISING),
    "intensifying": ([_] + [H] * 11, RISING),
    "persistent": ([H] * 12, NONE),
    "diminishing": ([H] * 12, FALLING),
    "sporadic": ([_, H, _, _, H, _, _, H, _, _, _, H], NONE),
    "oscillating": ([_, H, C, _, H, _, C, H, _, _, _, H], NONE),
    "historical": ([H] * 11 + [_], NONE),
}


@pytest.mark.parametrize("name", PLANTED)
def test_each_pattern_is_named_on_its_planted_case_hot_and_cold(name: str) -> None:
    weeks, trend = PLANTED[name]
    marks = np.array(weeks)
    assert pattern(marks == H, marks == C, trend) == name
    mirrored = Trend(-trend.tau, trend.p)  # a cold spot intensifies as its z falls
    assert pattern(marks == C, marks == H, mirrored) == "cold " + name


def test_a_place_never_marked_or_marked_only_long_ago_has_no_pattern() -> None:
    never = np.zeros(12, bool)
    assert pattern(never, never, NONE) == ""
    once_long_ago = np.array([True] + [False] * 11)
    assert pattern(once_long_ago, never, NONE) == ""


def test_mann_kendalls_tau_is_kendalls() -> None:
    series = np.random.default_rng(3).normal(size=20).cumsum()
    assert mann_kendall(series).tau == pytest.approx(kendalltau(np.arange(20), series).statistic)
    assert mann_kendall(np.arange(12.0)).p < 0.001
    assert mann_kendall(np.ones(12)).p == 1.0


AREA = {"type": "Polygon", "coordinates": [[[18.0, 59.3], [18.12, 59.3], [18.12, 59.36], [18.0, 59.36],
                                            [18.0, 59.3]]]}  # fmt: skip


def test_a_cube_of_counts_shows_its_planted_new_and_intensifying_clusters() -> None:
    cells = cells_of(AREA, 8)
    near = ring_one(cells)
    rng = np.random.default_rng(11)
    cube = rng.poisson(0.5, size=(12, len(cells))).astype(float)
    west = [cells.index(c) for c in h3.grid_disk(h3.latlng_to_cell(59.33, 18.02, 8), 1) if c in cells]
    east = [cells.index(c) for c in h3.grid_disk(h3.latlng_to_cell(59.33, 18.10, 8), 1) if c in cells]
    cube[-1, west] += 12  # appears in the last week
    for week in range(1, 12):
        cube[week, east] += 2 + week  # there from the second week, growing
    found = {e.place: e.pattern for e in patterns(cube, near)}
    assert found[cells.index(h3.latlng_to_cell(59.33, 18.02, 8))] == "new"
    assert found[cells.index(h3.latlng_to_cell(59.33, 18.10, 8))] == "intensifying"
