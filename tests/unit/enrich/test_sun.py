"""Darkness: the sun below civil twilight, at the places and dates the method is used."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from services.enrich.sun import elevation, is_dark

STOCKHOLM = ZoneInfo("Europe/Stockholm")
KIRUNA = (67.8558, 20.2253)
MALMO = (55.6050, 13.0038)
STOCKHOLM_CENTRE = (59.3293, 18.0686)


def at(*when: int) -> float:
    year, month, day, hour, minute = when
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM).timestamp()


def sun(place: tuple[float, float], *when: int) -> float:
    moment = at(*when)
    return float(elevation(np.array([place[0]]), np.array([place[1]]), np.array([moment]))[0])


def dark(place: tuple[float, float], *when: int) -> bool:
    moment = at(*when)
    return bool(is_dark(np.array([place[0]]), np.array([place[1]]), np.array([moment]))[0])


def test_kiruna_has_the_midnight_sun_at_midsummer() -> None:
    assert sun(KIRUNA, 2026, 6, 21, 0, 30) > 0
    assert not any(dark(KIRUNA, 2026, 6, 21, hour, 0) for hour in range(24))


def test_kiruna_in_polar_night_has_twilight_at_noon_and_darkness_the_rest() -> None:
    # The sun never rises (its highest is about -1.4 degrees) but noon is civil twilight, not dark.
    assert max(sun(KIRUNA, 2026, 12, 21, hour, minute) for hour in range(24) for minute in (0, 30)) < 0
    assert not dark(KIRUNA, 2026, 12, 21, 12, 0)
    assert dark(KIRUNA, 2026, 12, 21, 8, 0)
    assert dark(KIRUNA, 2026, 12, 21, 18, 0)


def test_malmo_in_march_is_light_at_half_past_five_and_dark_at_seven() -> None:
    assert not dark(MALMO, 2026, 3, 10, 17, 30)
    assert dark(MALMO, 2026, 3, 10, 19, 0)


@pytest.mark.parametrize(("month", "day", "clock_ahead"), [(3, 20, 0), (9, 23, 1)])
def test_stockholm_at_the_equinoxes_has_its_noon_sun_at_ninety_minus_its_latitude(
    month: int, day: int, clock_ahead: int
) -> None:
    noon = max(
        sun(STOCKHOLM_CENTRE, 2026, month, day, hour, m) for hour in range(10, 15) for m in range(0, 60, 5)
    )
    assert noon == pytest.approx(90 - STOCKHOLM_CENTRE[0], abs=1.0)
    assert not dark(STOCKHOLM_CENTRE, 2026, month, day, 17 + clock_ahead, 30)
    assert dark(STOCKHOLM_CENTRE, 2026, month, day, 19 + clock_ahead, 30)


def test_a_place_unknown_is_not_dark() -> None:
    assert not bool(is_dark(np.array([np.nan]), np.array([np.nan]), np.array([0.0]))[0])
