"""A fair comparison: the candidates whose weeks before moved like the target's, at a comparable level,
never two that overlap; and a comparison whose trend before differed is said not to be fair."""

from __future__ import annotations

import numpy as np

from embrace.statistics.calibration import counts
from embrace.statistics.matching import choose, pooled

RISING = np.linspace(4, 8, 26)
FALLING = np.linspace(8, 4, 26)


def weekly(means: np.ndarray, seed: int) -> np.ndarray:
    return counts(np.random.default_rng(seed), means, 1.0)


def test_the_candidates_that_moved_like_the_target_are_chosen() -> None:
    target = weekly(RISING, 1)
    candidates = {"up-1": weekly(RISING * 1.5, 2), "up-2": weekly(RISING * 0.8, 3),
                  "down-1": weekly(FALLING, 4), "down-2": weekly(FALLING * 1.2, 5)}  # fmt: skip
    found = choose(target, candidates, most=2)
    assert found is not None
    assert sorted(m.key for m in found.chosen) == ["up-1", "up-2"]
    assert found.considered == 4
    assert found.comparable
    assert found.fair


def test_a_much_larger_place_is_left_out_while_comparable_ones_exist() -> None:
    target = weekly(RISING, 1)
    found = choose(target, {"city": weekly(RISING * 40, 2), "near": weekly(RISING * 2, 3)})
    assert found is not None
    assert [m.key for m in found.chosen] == ["near"]


def test_where_none_is_comparable_the_closest_are_taken_and_it_is_said() -> None:
    found = choose(weekly(RISING, 1), {"city": weekly(RISING * 40, 2)})
    assert found is not None
    assert [m.key for m in found.chosen] == ["city"]
    assert not found.comparable


def test_overlapping_candidates_are_never_pooled_together() -> None:
    target = weekly(RISING, 1)
    candidates = {
        "district": weekly(RISING * 2, 2),
        "inside-it": weekly(RISING, 3),
        "apart": weekly(RISING, 4),
    }
    found = choose(target, candidates, lambda a, b: {a, b} == {"district", "inside-it"})
    assert found is not None
    keys = {m.key for m in found.chosen}
    assert not {"district", "inside-it"} <= keys


def test_a_comparison_that_fell_while_the_target_rose_is_not_fair() -> None:
    named = pooled(weekly(RISING * 3, 1), {"named": weekly(FALLING * 3, 2)})
    assert not named.fair
    assert named.trend_ratio > 1.5


def test_no_candidate_with_incidents_is_no_comparison() -> None:
    assert choose(weekly(RISING, 1), {"empty": np.zeros(26)}) is None
