"""Reading the web app's forms into contracts, with a message per form field when something is wrong.

Local dates and times are Europe/Stockholm (the settings' zone). A time of day gives an instant; a part
of the day gives a window, cut at "now" so a report made in the evening can say "this evening".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from embrace.contracts import Incident, Instant, Window
from embrace.contracts.fields import GeoPoint
from embrace.contracts.interventions import InterventionPlace
from embrace.http.problems import field_errors
from embrace.messages import Language, message
from embrace.sqlstore.interventions import InterventionSubmission
from embrace.taxonomy import Taxonomy
from embrace.validation import Places, Policy, Problem, check_incident

PARTS_OF_DAY = {
    "night": (0, 6),
    "morning": (6, 12),
    "afternoon": (12, 18),
    "evening": (18, 24),
    "unknown": (0, 24),
}
INCIDENT_FIELDS = ("category", "description", "date", "time", "part", "area_id", "address", "lat", "lon")


@dataclass
class FormResult:
    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)

    def fail(self, name: str, code: str, language: Language, fallback: str, **params: Any) -> None:
        self.errors.setdefault(name, message(code, language, fallback, params))


def _map_field(path: str) -> str:
    """Where on the form a contract field's error belongs."""
    if path.startswith(("time", "start", "end")):
        return "date" if path.startswith("time") else path.split(".", maxsplit=1)[0]
    if path.startswith(("location.point", "place.point")):
        return "lat"
    for name in ("address", "area_id", "category", "description", "title", "kind", "status"):
        if name in path:
            return name
    return "place" if path.startswith(("location", "place")) else path.split(".", maxsplit=1)[0]


def _record(result: FormResult, problems: Sequence[Problem], language: Language) -> None:
    for problem in problems:
        result.errors.setdefault(
            _map_field(
                problem.field.split(".", 2)[-1] if problem.field.startswith("incidents") else problem.field
            ),
            message(problem.code, language, problem.detail, problem.params),
        )


def _record_pydantic(result: FormResult, exc: ValidationError, language: Language) -> None:
    for error in field_errors(exc.errors()):
        result.errors.setdefault(
            _map_field(error.field), message(error.code, language, error.message, error.params)
        )


def _point(form: Mapping[str, str], result: FormResult, language: Language) -> GeoPoint | None:
    lat, lon = form.get("lat", "").strip(), form.get("lon", "").strip()
    if not lat and not lon:
        return None
    try:
        return GeoPoint(lat=float(lat.replace(",", ".")), lon=float(lon.replace(",", ".")))
    except (ValueError, ValidationError):
        result.fail("lat", "float_parsing", language, "Give both latitude and longitude as numbers.")
        return None


def read_incident(
    form: Mapping[str, str],
    *,
    zone: ZoneInfo,
    now: datetime,
    language: Language,
    taxonomy: Taxonomy,
    policy: Policy,
    places: Places,
) -> tuple[Incident | None, FormResult]:
    result = FormResult(
        {name: form.get(name, "") for name in INCIDENT_FIELDS} | {"police": form.get("police")}
    )
    if not form.get("category"):
        result.fail("category", "missing", language, "Choose what happened.")
    day = _date(form.get("date", ""), "date", result, language)
    moment = _when(
        day, form.get("time", "").strip(), form.get("part", "unknown"), zone, now, result, language
    )
    point = _point(form, result, language)
    if result.errors:
        return None, result
    try:
        incident = Incident.model_validate(_incident_fields(form, moment, point))
    except ValidationError as exc:
        _record_pydantic(result, exc, language)
        return None, result
    _record(result, check_incident("incident", incident, taxonomy, policy, now, places), language)
    return (None if result.errors else incident), result


def _incident_fields(form: Mapping[str, str], moment: Any, point: Any) -> dict[str, Any]:
    return {
        "category": form["category"],
        "description": form.get("description", "").strip() or None,
        "time": moment,
        "location": {
            "point": point,
            "address": form.get("address", "").strip() or None,
            "area_id": form.get("area_id") or None,
        },
        "police_reported": form.get("police") == "yes",
    }


def _date(raw: str, name: str, result: FormResult, language: Language) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        result.fail(name, "date_parsing", language, "Give a date, e.g. 2026-01-27.")
        return None


def _when(
    day: date | None,
    clock: str,
    part: str,
    zone: ZoneInfo,
    now: datetime,
    result: FormResult,
    language: Language,
) -> Instant | Window | None:
    if day is None:
        return None
    if clock:
        try:
            at = datetime.combine(day, time.fromisoformat(clock), zone)
        except ValueError:
            result.fail("time", "datetime_parsing", language, "Give the time as HH:MM.")
            return None
        return Instant(at=at)
    first, last = PARTS_OF_DAY.get(part, PARTS_OF_DAY["unknown"])
    start = datetime.combine(day, time(), zone) + timedelta(hours=first)
    end = min(datetime.combine(day, time(), zone) + timedelta(hours=last), now.astimezone(zone))
    if end <= start:
        result.fail("date", "in_future", language, "That time lies in the future.", minutes=0)
        return None
    return Window(start=start, end=end)


def read_intervention(
    form: Mapping[str, str], targets: list[str], language: Language
) -> tuple[InterventionSubmission | None, FormResult]:
    names = ("title", "kind", "description", "area_id", "lat", "lon", "start", "end", "status", "responsible")
    result = FormResult({name: form.get(name, "") for name in names} | {"targets": targets})
    point = _point(form, result, language)
    area_id = form.get("area_id") or None
    if point is None and area_id is None and "lat" not in result.errors:
        result.fail("area_id", "place_missing", language, "Give an area or a point.")
    if result.errors:
        return None, result
    try:
        submission = InterventionSubmission(
            title=form.get("title", ""),
            kind=form.get("kind", ""),
            description=form.get("description", "").strip() or None,
            place=InterventionPlace(area_id=area_id, point=point),
            start=form.get("start", ""),
            end=form.get("end") or None,
            status=form.get("status", "planned"),
            targeted_categories=targets,
            responsible_organisation=form.get("responsible") or None,
        )
    except ValidationError as exc:
        _record_pydantic(result, exc, language)
        return None, result
    return submission, result


def record_problems(result: FormResult, problems: Sequence[Problem], language: Language) -> None:
    """Rule problems found after reading (unknown area, type...) shown beside their fields."""
    _record(result, problems, language)
