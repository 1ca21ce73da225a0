"""Small counts in reports that leave the tenant: 1 and 2 show as "< 3", and where a total is shown, more
cells are hidden until the small ones cannot be worked out from it."""

from __future__ import annotations

from services.reporting.small_counts import HIDDEN, SMALL, hidden_cells


def test_a_lone_small_count_beside_a_total_takes_the_smallest_other_count_with_it() -> None:
    assert hidden_cells([5, 1, 7], total_shown=True) == {1: SMALL, 0: HIDDEN}


def test_two_small_counts_that_could_only_be_ones_are_not_enough_either() -> None:
    assert hidden_cells([1, 1, 9, 12], total_shown=True) == {0: SMALL, 1: SMALL, 2: HIDDEN}


def test_a_one_and_a_two_hide_each_other() -> None:
    assert hidden_cells([1, 2, 9], total_shown=True) == {0: SMALL, 1: SMALL}


def test_without_a_total_only_the_small_counts_are_hidden() -> None:
    assert hidden_cells([5, 1, 7], total_shown=False) == {1: SMALL}


def test_counts_of_three_and_more_and_zeroes_are_shown() -> None:
    assert hidden_cells([0, 3, 40], total_shown=True) == {}
