"""How high the sun stands, for many places and instants at once: is it dark there and then?

The low-precision solar position of the Astronomical Almanac (good to about 0.01 degree between 1950
and 2050): the sun's ecliptic longitude from its mean longitude and anomaly, then its declination and
right ascension, the local hour angle from Greenwich mean sidereal time, and the elevation from those.
It is a closed formula, so it gives an answer at every latitude and date; there is no sunrise or sunset
to look for, which is what makes rise/set libraries raise under the midnight sun and polar night.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

CIVIL_TWILIGHT = -6.0  # degrees: below this the sky is dark enough that outdoor lighting matters
_UNIX_EPOCH_JD = 2440587.5
_J2000 = 2451545.0

Floats = NDArray[np.float64]


def elevation(lat: Floats, lon: Floats, unix_seconds: Floats) -> Floats:
    """The sun's elevation above the horizon in degrees (no refraction)."""
    n = unix_seconds / 86400.0 + _UNIX_EPOCH_JD - _J2000  # days since J2000.0
    mean_longitude = np.deg2rad((280.460 + 0.9856474 * n) % 360.0)
    anomaly = np.deg2rad((357.528 + 0.9856003 * n) % 360.0)
    ecliptic = mean_longitude + np.deg2rad(1.915) * np.sin(anomaly) + np.deg2rad(0.020) * np.sin(2 * anomaly)
    obliquity = np.deg2rad(23.439 - 0.0000004 * n)
    right_ascension = np.arctan2(np.cos(obliquity) * np.sin(ecliptic), np.cos(ecliptic))
    declination = np.arcsin(np.sin(obliquity) * np.sin(ecliptic))
    sidereal_hours = (18.697374558 + 24.06570982441908 * n) % 24.0
    hour_angle = np.deg2rad(sidereal_hours * 15.0 + lon) - right_ascension
    phi = np.deg2rad(lat)
    sine = np.sin(phi) * np.sin(declination) + np.cos(phi) * np.cos(declination) * np.cos(hour_angle)
    degrees: Floats = np.rad2deg(np.arcsin(np.clip(sine, -1.0, 1.0)))
    return degrees


def is_dark(lat: Floats, lon: Floats, unix_seconds: Floats) -> NDArray[np.bool_]:
    """The sun below civil twilight; NaN coordinates (no place known) are not dark."""
    with np.errstate(invalid="ignore"):
        return elevation(lat, lon, unix_seconds) < CIVIL_TWILIGHT
