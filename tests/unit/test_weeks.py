"""ISO week arithmetic across the turn of a year."""

from __future__ import annotations

from embrace.weeks import through


def test_the_weeks_through_a_turn_of_year_include_both_ends() -> None:
    assert through("2025-W52", "2026-W02") == ["2025-W52", "2026-W01", "2026-W02"]
    assert through("2026-W53", "2027-W01") == ["2026-W53", "2027-W01"]  # 2026 has a week 53
    assert through("2026-W03", "2026-W01") == []
