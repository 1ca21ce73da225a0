"""A period still running is read to the last reported day, the Sunday that ended last week: partners
report a week once it is over, so the days since would read as a fall (or as an effect)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from embrace.weeks import reported_through
from services.reporting.effects.plans import NotMeasurable, Periods, Planned
from services.reporting.quarterly.quarters import not_begun

WEDNESDAY = date(2026, 12, 2)
REPORTED = reported_through(WEDNESDAY)  # Sunday 29 November


def planned(start: date, end: date | None = None) -> Planned:
    return Planned(uuid.uuid4(), "0180", "Belysning", "torget", start, end, [])


@pytest.mark.parametrize(("today", "reported"), [(date(2026, 11, 30), date(2026, 11, 29)),
                                                 (WEDNESDAY, date(2026, 11, 29)),
                                                 (date(2026, 12, 6), date(2026, 11, 29)),
                                                 (date(2026, 12, 7), date(2026, 12, 6))])  # fmt: skip
def test_the_last_reported_day_is_the_sunday_that_ended_last_week(today: date, reported: date) -> None:
    assert reported_through(today) == reported


def test_a_running_intervention_is_measured_to_the_last_reported_day_and_before_it_as_long() -> None:
    periods = Periods.of(planned(date(2026, 11, 16)), REPORTED)
    assert periods.during == (date(2026, 11, 16), date(2026, 11, 29))
    assert periods.before == (date(2026, 11, 2), date(2026, 11, 15))
    ended = Periods.of(planned(date(2026, 11, 2), end=date(2026, 11, 8)), REPORTED)
    assert ended.during == (date(2026, 11, 2), date(2026, 11, 8))  # an ended one to its end


def test_an_intervention_begun_this_week_has_nothing_reported_to_measure() -> None:
    with pytest.raises(NotMeasurable, match="no reported day yet: it began 2026-11-30"):
        Periods.of(planned(date(2026, 11, 30)), REPORTED)


def test_a_quarter_none_of_whose_weeks_has_ended_is_not_analysed() -> None:
    assert not_begun("2026-Q4", date(2026, 10, 2)) is not None  # Thursday: its first week runs to Sunday
    assert not_begun("2026-Q4", date(2026, 10, 5)) is None  # 1-4 October are reported
    assert not_begun("2026-Q3", date(2026, 10, 2)) is None
