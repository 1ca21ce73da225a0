"""Rules a report must meet beyond its shape, shared by the HTTP API and the first stage on the bus.

Integrators may publish straight onto the raw topic, so the same rules run in both places. Times are
judged against the report's own ``occurred`` (when it was submitted), not the clock of whoever checks,
so replaying an old topic gives the same verdicts as the day it was written.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, Protocol

from embrace.contracts import Incident, IncidentReport
from embrace.contracts.fields import GeoPoint
from embrace.taxonomy import Taxonomy
from embrace.weeks import last_week, monday_of, not_ended

# Sweden's bounding box (Koster 10.96 E to Haparanda 24.17 E), used until boundaries are imported.
# It cannot tell Copenhagen from Malmö; the boundaries can.
SWEDEN_LAT = (55.0, 69.2)
SWEDEN_LON = (10.9, 24.2)
FAR_OUTSIDE_KM = 5.0


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field. ``code`` selects the translated message; ``detail`` is English."""

    field: str
    code: str
    detail: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Policy:
    max_age: timedelta | None = timedelta(days=400)  # None: back-fill of history accepts any age
    max_skew: timedelta = timedelta(minutes=5)


class Places(Protocol):
    def in_sweden(self, point: GeoPoint) -> bool: ...

    def km_outside(self, code: str, point: GeoPoint) -> float | None:
        """How far outside municipality ``code`` the point lies (0 inside); None when not known."""


class BoundingBox:
    """What can be said without boundaries: roughly Sweden, and nothing about municipalities."""

    def in_sweden(self, point: GeoPoint) -> bool:
        return SWEDEN_LAT[0] <= point.lat <= SWEDEN_LAT[1] and SWEDEN_LON[0] <= point.lon <= SWEDEN_LON[1]

    def km_outside(self, code: str, point: GeoPoint) -> float | None:  # noqa: ARG002 - nothing is known
        return None


def check_report(
    report: IncidentReport, taxonomy: Taxonomy, policy: Policy, places: Places | None = None
) -> list[Problem]:
    places = places or BoundingBox()
    if report.nothing_to_report:
        return check_nothing_to_report(report, policy)
    problems: list[Problem] = []
    for index, incident in enumerate(report.incidents):
        problems.extend(
            check_incident(f"incidents.{index}", incident, taxonomy, policy, report.occurred, places)
        )
    return problems


def check_nothing_to_report(report: IncidentReport, policy: Policy) -> list[Problem]:
    """Nothing can be said of a week before it has ended: something may still happen in it."""
    week = report.reporting_week or ""
    if why := not_ended(week, report.occurred):
        params = {"week": week, "latest": last_week(report.occurred)}
        return [Problem("reporting_week", "week_not_ended", why, params)]
    begun = datetime.combine(monday_of(week), time(), UTC)
    return _check_time("reporting_week", begun, policy, report.occurred)


def check_incident(
    where: str, incident: Incident, taxonomy: Taxonomy, policy: Policy, reported: datetime, places: Places
) -> list[Problem]:
    problems: list[Problem] = []
    category = taxonomy.get(incident.category)
    if category is None or category.group == "intervention":
        problems.append(
            Problem(
                f"{where}.category",
                "unknown_category",
                f"unknown category {incident.category!r}",
                {"category": incident.category},
            )
        )
    times = (
        [("time.at", incident.time.at)]
        if incident.time.kind == "instant"
        else [("time.start", incident.time.start), ("time.end", incident.time.end)]
    )
    for name, moment in times:
        problems.extend(_check_time(f"{where}.{name}", moment, policy, reported))
    point = incident.location.point
    if point is not None and not places.in_sweden(point):
        problems.append(
            Problem(
                f"{where}.location.point",
                "outside_sweden",
                "the point is not in Sweden",
                {"lat": point.lat, "lon": point.lon},
            )
        )
    return problems


def location_warnings(
    report: IncidentReport, places: Places, far_km: float = FAR_OUTSIDE_KM
) -> list[Problem]:
    """Points far outside the reporting municipality: accepted, but flagged for people to check."""
    warnings = []
    for index, incident in enumerate(report.incidents):
        point = incident.location.point
        distance = places.km_outside(report.tenant, point) if point is not None else None
        if distance is not None and distance > far_km:
            warnings.append(
                Problem(
                    f"incidents.{index}.location.point",
                    "far_outside_municipality",
                    f"the point lies {distance:.0f} km outside the municipality",
                    {"km": round(distance)},
                )
            )
    return warnings


def _check_time(where: str, moment: datetime, policy: Policy, reported: datetime) -> list[Problem]:
    if moment > reported + policy.max_skew:
        minutes = int(policy.max_skew.total_seconds() // 60)
        return [
            Problem(
                where, "in_future", f"lies in the future (more than {minutes} minutes)", {"minutes": minutes}
            )
        ]
    if policy.max_age is not None and moment < reported - policy.max_age:
        return [
            Problem(
                where, "too_old", f"is older than {policy.max_age.days} days", {"days": policy.max_age.days}
            )
        ]
    return []
